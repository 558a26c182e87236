package org.icutwin.bench;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.icutwin.control.mpc.ControlProblem;
import org.icutwin.control.mpc.MpcConfig;
import org.icutwin.control.mpc.MpcResult;
import org.icutwin.control.mpc.NonlinearMpc;
import org.icutwin.control.mpc.Plan;
import org.icutwin.control.mpc.SolveStatus;
import org.icutwin.core.catalog.BergmanInsulinModel;
import org.icutwin.core.catalog.ModelCatalog;
import org.icutwin.core.model.NoiseModel;
import org.icutwin.core.simulation.DosingSchedule;
import org.icutwin.estimation.Observation;
import org.icutwin.estimation.filter.StateEstimator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The insulin MPC in the benchmark form: a 2-h horizon in 24 moves of 5 min, outputs every
 * 5 min, the shipped insulin settings otherwise (band 4.4-8.0, target 6.5, P(glucose &lt; 4.0) ≤ 5%,
 * 0-20 U/h, at most 4 U/h per move, up to 3 Gauss-Newton iterations), from a hyperglycaemic twin
 * (glucose 12 mmol/L, p3 and Gb estimated, insulin 2 U/h and a feed running).
 *
 * <ul>
 *   <li>{@code cold}: no previous plan (the first decision of a stay);
 *   <li>{@code warm}: 5 min after a cold decision whose plan was accepted, with one new CGM reading
 *       in the twin, warm-started from that plan (the decision the twin makes at every reading);
 *   <li>{@code warmSurprised}: the same, but the reading (8.0 mmol/L) is far below what the twin
 *       expected, so the first move of the warm-start plan is no longer right and the solve
 *       iterates until it settles again.
 * </ul>
 * Sample-time mode, so that JMH reports the median and the 99th percentile.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(1)
public class MpcTwoHourBenchmark {
  /** The shipped insulin settings with the horizon cut into 24 moves of 5 min and a 5-min output grid. */
  static MpcConfig twoHoursTwentyFourMoves() {
    double[] blocks = new double[24];
    Arrays.fill(blocks, 5.0);
    return MpcConfig.insulin().withMoves(blocks, 5.0);
  }

  private final NonlinearMpc mpc = new NonlinearMpc(twoHoursTwentyFourMoves());
  private ControlProblem cold;
  private ControlProblem warm;
  private ControlProblem warmSurprised;

  @Setup
  public void setUp() {
    BergmanInsulinModel model = ModelCatalog.insulinBergman();
    StateEstimator twin = MpcDecisionBenchmark.hyperglycaemicTwin(model);
    double[] rates = {2000.0 / 60, 0.45, 0, 0};
    cold = new ControlProblem(model, twin, rates, DosingSchedule.empty(), null);
    MpcResult first = mpc.propose(cold);
    if (first.status() == SolveStatus.FAILED) {
      throw new IllegalStateException("the cold decision failed");
    }
    double[] accepted = rates.clone();
    accepted[0] = first.proposedRate();
    warm = fiveMinutesLater(model, twin, accepted, first, 11.8);
    warmSurprised = fiveMinutesLater(model, twin, accepted, first, 8.0);
  }

  private static ControlProblem fiveMinutesLater(BergmanInsulinModel model, StateEstimator twin, double[] accepted,
      MpcResult first, double cgmReading) {
    StateEstimator later = twin.copy();
    later.predict(5, accepted);
    later.update(Observation.of("cgm5", 5, "glucose", cgmReading, new NoiseModel.Combined(0.3, 0.1), "cgm"),
        Double.POSITIVE_INFINITY);
    return new ControlProblem(model, later, accepted, DosingSchedule.empty(), new Plan(first.plan(), first.blockStartsMin()));
  }

  @Benchmark
  public MpcResult cold() {
    return mpc.propose(cold);
  }

  @Benchmark
  public MpcResult warm() {
    return mpc.propose(warm);
  }

  @Benchmark
  public MpcResult warmSurprised() {
    return mpc.propose(warmSurprised);
  }
}
