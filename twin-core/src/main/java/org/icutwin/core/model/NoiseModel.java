package org.icutwin.core.model;

/**
 * Measurement error model: the variance of an observation around its prediction.
 *
 * <p>Additive: Var = sd². Proportional: Var = (cv·y)². Combined: Var = sd² + (cv·y)², the
 * usual population-PK residual model (e.g. vancomycin, Goti 2018: 3.4 mg/L + 22.7%).
 */
public sealed interface NoiseModel {

  /** Variance of an observation whose prediction is {@code predicted}, in the measurement's unit squared. */
  double variance(double predicted);

  default double standardDeviation(double predicted) {
    return Math.sqrt(variance(predicted));
  }

  /** Constant standard deviation {@code sd} in the measurement's unit. */
  record Additive(double sd) implements NoiseModel {
    public Additive {
      ModelChecks.requireFinitePositive(sd, "additive noise sd");
    }

    @Override
    public double variance(double predicted) {
      return sd * sd;
    }
  }

  /** Standard deviation proportional to the prediction, coefficient of variation {@code cv}. */
  record Proportional(double cv) implements NoiseModel {
    public Proportional {
      ModelChecks.requireFinitePositive(cv, "proportional noise cv");
    }

    @Override
    public double variance(double predicted) {
      double s = cv * predicted;
      return s * s;
    }
  }

  /** Additive plus proportional: Var = sd² + (cv·y)². */
  record Combined(double sd, double cv) implements NoiseModel {
    public Combined {
      ModelChecks.requireFinitePositive(sd, "combined noise sd");
      ModelChecks.requireFinitePositive(cv, "combined noise cv");
    }

    @Override
    public double variance(double predicted) {
      double p = cv * predicted;
      return sd * sd + p * p;
    }
  }
}
