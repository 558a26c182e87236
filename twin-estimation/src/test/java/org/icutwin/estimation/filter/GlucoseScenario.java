package org.icutwin.estimation.filter;

import java.util.List;
import java.util.Random;
import org.icutwin.core.catalog.BergmanInsulinModel;
import org.icutwin.core.catalog.ModelCatalog;
import org.icutwin.core.model.Covariates;
import org.icutwin.core.model.NoiseModel;
import org.icutwin.core.model.ParameterVectors;
import org.icutwin.core.simulation.OdePropagator;
import org.icutwin.core.simulation.Propagator;
import org.icutwin.estimation.Observation;

/**
 * A stochastic glucose patient for filter tests: the Bergman structure with insulin sensitivity
 * (p3) drawn from the prior and drifting as a log-random walk, additive state noise and
 * measurement noise, all as the filter's discrete-time process model states them (noise
 * Q·Δt added at the end of each interval). Used where a test needs the truth to satisfy the
 * filter's own stochastic assumptions (NEES/NIS consistency); tests of robustness use the
 * structurally different virtual patients of twin-core instead.
 */
final class GlucoseScenario {
  static final BergmanInsulinModel MODEL = ModelCatalog.bergmanMinimal();
  static final double[] THETA = ParameterVectors.typical(MODEL, Covariates.none().weightKg(75));
  static final double[] PROCESS_SD = {0.02, 1e-4, 0.5};
  static final double P3_PRIOR_SD = 0.6;
  static final double P3_DRIFT_PER_DAY = 0.3;
  static final double[] X0 = {9.0, 0.0, 10.0};
  static final double[] X0_SD = {1.5, 0.002, 5.0};
  static final NoiseModel NOISE = new NoiseModel.Combined(0.2, 0.05);

  static EstimationSetup setup() {
    return new EstimationSetup(MODEL, THETA, List.of(EstimatedParameter.drifting("p3", P3_PRIOR_SD, P3_DRIFT_PER_DAY)),
        X0, X0_SD, PROCESS_SD, 0);
  }

  /** Model rates at time t: feed throughout, insulin from 1 h, more from 6 h. */
  static double[] rates(double t) {
    double insulin = t < 60 ? 0 : (t < 360 ? 50 : 80);
    return new double[] {insulin, 0.45, 0, 0};
  }

  /** The scenario's rate changes as a plan, for forecasts. */
  static final org.icutwin.core.simulation.DosingSchedule PLAN = org.icutwin.core.simulation.DosingSchedule.empty()
      .rate(60, "insulin_iv", 50).rate(360, "insulin_iv", 80);

  /** Advances filter and truth to {@code t}, splitting at the scenario's rate changes. */
  static void advance(StateEstimator f, GlucoseScenario truth, double t) {
    for (double change : new double[] {60, 360}) {
      if (f.timeMin() < change && change < t) {
        f.predict(change, rates(f.timeMin()));
        truth.advanceTo(change);
      }
    }
    f.predict(t, rates(f.timeMin()));
    truth.advanceTo(t);
  }

  final Random rnd;
  final double[] x;
  final double[] theta = THETA.clone();
  double logP3;
  double time;
  private final Propagator propagator = OdePropagator.rk4(1.0);
  private final double rwSd = EstimatedParameter.drifting("p3", 1, P3_DRIFT_PER_DAY).randomWalkLogSdPerSqrtMin();

  /** @param p3Factor the true p3 relative to the prior median, or NaN to draw it from the prior */
  GlucoseScenario(long seed, double p3Factor) {
    rnd = new Random(seed);
    x = new double[3];
    for (int i = 0; i < 3; i++) {
      x[i] = X0[i] + X0_SD[i] * rnd.nextGaussian();
    }
    x[0] = Math.max(x[0], 1.0);
    x[2] = Math.max(x[2], 0.0);
    double base = Math.log(THETA[BergmanInsulinModel.P3]);
    logP3 = Double.isNaN(p3Factor) ? base + P3_PRIOR_SD * rnd.nextGaussian() : base + Math.log(p3Factor);
  }

  /** Advances the truth to {@code t} under {@link #rates}, with the filter's discrete process noise. */
  void advanceTo(double t) {
    double dt = t - time;
    theta[BergmanInsulinModel.P3] = Math.exp(logP3);
    propagator.propagate(MODEL, theta, rates(time), time, t, x);
    for (int i = 0; i < 3; i++) {
      x[i] += PROCESS_SD[i] * Math.sqrt(dt) * rnd.nextGaussian();
    }
    logP3 += rwSd * Math.sqrt(dt) * rnd.nextGaussian();
    time = t;
  }

  Observation measure(String id) {
    double g = x[0] + NOISE.standardDeviation(x[0]) * rnd.nextGaussian();
    return Observation.of(id, time, "glucose", g, NOISE, "lab");
  }

  /** Truth in the filter's physical coordinates: G, X, I, log p3. */
  double[] truth() {
    return new double[] {x[0], x[1], x[2], logP3};
  }
}
