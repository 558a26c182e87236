package org.icutwin.bench;

import java.util.concurrent.TimeUnit;
import org.icutwin.core.catalog.BergmanInsulinModel;
import org.icutwin.core.catalog.MammillaryPkModel;
import org.icutwin.core.catalog.ModelCatalog;
import org.icutwin.core.model.Covariate;
import org.icutwin.core.model.Covariates;
import org.icutwin.core.model.ParameterVectors;
import org.icutwin.core.simulation.LinearPkExactPropagator;
import org.icutwin.core.simulation.OdePropagator;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The UKF prediction step's propagation cost: 2n+1 sigma points pushed through the model.
 *
 * <p>Bergman model with p3 augmented (n = 4, 9 sigma points), 60 minutes at a 1-minute RK4
 * step under constant insulin and feed; and two-compartment vancomycin PK (n = 2 + CL
 * augmented = 3, 7 sigma points) over 60 minutes, exactly and by RK4. See docs/performance.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(1)
public class SigmaPointPropagationBenchmark {
  private final BergmanInsulinModel bergman = ModelCatalog.bergmanMinimal();
  private final MammillaryPkModel vancomycin = ModelCatalog.vancomycinGoti2018();
  private final OdePropagator rk4 = OdePropagator.rk4(1.0);
  private final OdePropagator rk4Vanco = OdePropagator.rk4(1.0);
  private final LinearPkExactPropagator exact = new LinearPkExactPropagator();

  private double[][] bergmanSigmaStates;
  private double[][] bergmanSigmaThetas;
  private double[][] bergmanWork;
  private final double[] bergmanRates = {2000.0 / 60, 0.46, 0, 0};

  private double[][] vancoSigmaStates;
  private double[][] vancoSigmaThetas;
  private double[][] vancoWork;
  private final double[] vancoRates = {1000.0 / 60};

  @Setup
  public void setUp() {
    double[] th = ParameterVectors.typical(bergman, Covariates.none().weightKg(75));
    double[] mean = {9.0, 0.01, 40.0};
    bergmanSigmaStates = new double[9][];
    bergmanSigmaThetas = new double[9][];
    bergmanWork = new double[9][3];
    for (int i = 0; i < 9; i++) {
      // Spread like a UKF's sigma points: ± one column per augmented dimension.
      int dim = (i - 1) % 4;
      double sign = i == 0 ? 0 : (i <= 4 ? 1 : -1);
      double[] x = mean.clone();
      double[] t = th.clone();
      if (i > 0 && dim < 3) {
        x[dim] *= 1 + 0.2 * sign;
      } else if (i > 0) {
        t[BergmanInsulinModel.P3] *= Math.exp(0.3 * sign);
      }
      bergmanSigmaStates[i] = x;
      bergmanSigmaThetas[i] = t;
    }
    double[] tv = ParameterVectors.typical(vancomycin, Covariates.none().weightKg(75).creatinineClearanceMlPerMin(80)
        .with(Covariate.HAEMODIALYSIS, false));
    vancoSigmaStates = new double[7][];
    vancoSigmaThetas = new double[7][];
    vancoWork = new double[7][2];
    for (int i = 0; i < 7; i++) {
      int dim = (i - 1) % 3;
      double sign = i == 0 ? 0 : (i <= 3 ? 1 : -1);
      double[] x = {900, 600};
      double[] t = tv.clone();
      if (i > 0 && dim < 2) {
        x[dim] *= 1 + 0.2 * sign;
      } else if (i > 0) {
        t[0] *= Math.exp(0.3 * sign);
      }
      vancoSigmaStates[i] = x;
      vancoSigmaThetas[i] = t;
    }
  }

  /** 9 sigma points × 60 RK4 steps of the 3-state Bergman model. */
  @Benchmark
  public void bergmanNineSigmaPointsSixtyMinutesRk4(Blackhole bh) {
    for (int i = 0; i < 9; i++) {
      double[] x = bergmanWork[i];
      System.arraycopy(bergmanSigmaStates[i], 0, x, 0, 3);
      rk4.propagate(bergman, bergmanSigmaThetas[i], bergmanRates, 0, 60, x);
      bh.consume(x);
    }
  }

  /** 7 sigma points of two-compartment vancomycin over 60 min, exact (eigen-decomposition per CL). */
  @Benchmark
  public void vancomycinSevenSigmaPointsSixtyMinutesExact(Blackhole bh) {
    for (int i = 0; i < 7; i++) {
      double[] x = vancoWork[i];
      System.arraycopy(vancoSigmaStates[i], 0, x, 0, 2);
      exact.propagate(vancomycin, vancoSigmaThetas[i], vancoRates, 0, 60, x);
      bh.consume(x);
    }
  }

  /** The same by RK4 at 1 min, for comparison. */
  @Benchmark
  public void vancomycinSevenSigmaPointsSixtyMinutesRk4(Blackhole bh) {
    for (int i = 0; i < 7; i++) {
      double[] x = vancoWork[i];
      System.arraycopy(vancoSigmaStates[i], 0, x, 0, 2);
      rk4Vanco.propagate(vancomycin, vancoSigmaThetas[i], vancoRates, 0, 60, x);
      bh.consume(x);
    }
  }
}
