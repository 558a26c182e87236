package org.icutwin.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.icutwin.control.mpc.ControlProblem;
import org.icutwin.control.mpc.MpcConfig;
import org.icutwin.control.mpc.MpcResult;
import org.icutwin.control.mpc.NonlinearMpc;
import org.icutwin.control.twin.GlucoseTwinStates;
import org.icutwin.core.catalog.BergmanInsulinModel;
import org.icutwin.core.catalog.ModelCatalog;
import org.icutwin.core.model.Covariates;
import org.icutwin.core.model.ParameterVectors;
import org.icutwin.core.simulation.DosingSchedule;
import org.icutwin.estimation.filter.EstimatedParameter;
import org.icutwin.estimation.filter.EstimationSetup;
import org.icutwin.estimation.filter.Propagators;
import org.icutwin.estimation.filter.StateEstimator;
import org.icutwin.estimation.filter.UnscentedKalmanFilter;
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
 * One insulin MPC decision (6-h horizon, 4 moves, 24 outputs, up to 3 Gauss-Newton iterations,
 * each with 5 UKF forecasts) from a hyperglycaemic twin with p3 and Gb estimated.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MpcDecisionBenchmark {
  private final NonlinearMpc mpc = new NonlinearMpc(MpcConfig.insulin());
  private ControlProblem problem;

  /**
   * A 75-kg patient's glucose twin at 12 mmol/L on a steady feed of 0.45 mmol/min, p3 and Gb
   * estimated (as the glucose twins run, with their state prior and process noise).
   */
  static StateEstimator hyperglycaemicTwin(BergmanInsulinModel model) {
    double[] theta = ParameterVectors.typical(model, Covariates.none().weightKg(75));
    double[] mean = GlucoseTwinStates.initialMean(12, theta);
    mean[BergmanInsulinModel.X] = 0.003;
    mean[BergmanInsulinModel.I] = 30;
    mean[BergmanInsulinModel.QGUT] = 0.45 / theta[BergmanInsulinModel.KGUT];
    var setup = new EstimationSetup(model, theta,
        List.of(EstimatedParameter.drifting("p3", 0.6, 0.5), EstimatedParameter.drifting("Gb", 0.25, 0.2)),
        mean, GlucoseTwinStates.initialSd(1), GlucoseTwinStates.processSd(0.05), 0);
    return new UnscentedKalmanFilter(setup, Propagators.forModel(model, 1.0));
  }

  @Setup
  public void setUp() {
    BergmanInsulinModel model = ModelCatalog.insulinBergman();
    StateEstimator twin = hyperglycaemicTwin(model);
    problem = new ControlProblem(model, twin, new double[] {2000.0 / 60, 0.45, 0, 0}, DosingSchedule.empty(), null);
  }

  @Benchmark
  public MpcResult insulinDecision() {
    return mpc.propose(problem);
  }
}
