package org.icutwin.estimation.monitor;

/**
 * Two-sided CUSUM on normalised innovations ν/√S (Page 1954): the model stops explaining the
 * patient when innovations keep the same sign for longer than chance allows.
 *
 * <p>g⁺ ← max(0, g⁺ + r − k), g⁻ ← max(0, g⁻ − r − k), alarm when either exceeds h. With
 * consistent innovations r ~ N(0, 1); k = 0.5 and h = 5 give a one-sided in-control average run
 * length of about 930 samples (about 465 for the two-sided scheme) and detect a sustained 1-SD
 * bias in about 10 (Montgomery, Introduction to Statistical Quality Control, ch. 9). Immutable: {@link #add} returns the next state.
 *
 * @param k allowance (in SD units)
 * @param h decision interval
 * @param high accumulated evidence of positive bias (measurements above prediction)
 * @param low accumulated evidence of negative bias
 * @param samples number of innovations seen
 */
public record Cusum(double k, double h, double high, double low, long samples) {

  public Cusum {
    if (!(k >= 0) || !(h > 0)) {
      throw new IllegalArgumentException("CUSUM needs k >= 0 and h > 0");
    }
  }

  public static Cusum standard() {
    return new Cusum(0.5, 5.0, 0, 0, 0);
  }

  /** The state after one normalised innovation r = ν/√S. Non-finite inputs are refused. */
  public Cusum add(double r) {
    if (!Double.isFinite(r)) {
      throw new IllegalArgumentException("normalised innovation must be finite, was " + r);
    }
    return new Cusum(k, h, Math.max(0, high + r - k), Math.max(0, low - r - k), samples + 1);
  }

  /** Whether the twin has drifted from the patient. */
  public DriftStatus status() {
    if (high > h && low > h) {
      return DriftStatus.BOTH_WAYS;
    }
    if (high > h) {
      return DriftStatus.UNDER_PREDICTING;
    }
    if (low > h) {
      return DriftStatus.OVER_PREDICTING;
    }
    return DriftStatus.IN_CONTROL;
  }

  /** A fresh CUSUM with the same settings (after the twin was re-personalised). */
  public Cusum reset() {
    return new Cusum(k, h, 0, 0, 0);
  }
}
