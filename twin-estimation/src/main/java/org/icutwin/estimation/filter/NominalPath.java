package org.icutwin.estimation.filter;

import org.icutwin.estimation.Observation;

/**
 * The posterior mean of a filter carried forward as one point, with no spread: the model's own
 * trajectory from the twin's best estimate (states and parameters), under the same propagator and
 * physical bounds the filter uses for its points. A controller differentiates this path instead
 * of the filter's forecast when it needs the sensitivity of the predicted output to its moves:
 * one model integration instead of 2N + 1 (the unscented forecast's points), and the difference
 * between the two derivatives is of second order in the posterior spread (up to 20% for a glucose
 * twin with p3 uncertain by a log-sd of 0.5; NominalPathTest). Parameters are at their posterior
 * median exp(E[log θ]).
 *
 * <p>Predict and boluses move the mean point; {@link #predictMeasurement} gives the model output at
 * it with variance 0; it is not updated with data. Not thread-safe, like the filter it came from.
 */
final class NominalPath extends AugmentedFilter {
  private final double[] x;
  private final double[] theta;

  NominalPath(AugmentedFilter from) {
    super(from);
    this.x = new double[model.stateDimension()];
    this.theta = space.newTheta();
    space.clip(mean);
  }

  @Override
  public void predict(double toTimeMin, double[] rates) {
    requireForward(toTimeMin);
    requireRates(rates);
    if (toTimeMin == time) {
      return;
    }
    propagatePoint(mean, rates, time, toTimeMin, x, theta);
    time = toTimeMin;
  }

  @Override
  public void applyBolus(int channel, double amount) {
    bolusPoint(mean, channel, amount, x, theta);
  }

  @Override
  public double[] predictMeasurement(int k) {
    return new double[] {measurePoint(mean, k, x, theta), 0};
  }

  /** @throws UnsupportedOperationException always: a nominal path is a prediction, never fed data */
  @Override
  public UpdateOutcome update(Observation observation, double nisGate) {
    throw new UnsupportedOperationException("a nominal path is not updated with data; update the filter it came from");
  }

  @Override
  public StateEstimator copy() {
    return new NominalPath(this);
  }

  @Override
  public StateEstimator nominalPath() {
    return copy();
  }
}
