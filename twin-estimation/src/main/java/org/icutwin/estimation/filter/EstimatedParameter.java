package org.icutwin.estimation.filter;

/**
 * A model parameter estimated jointly with the states, as a random walk in log space:
 * d(log θ) = σ_rw·dW, so that it may drift during a stay (e.g. insulin sensitivity, clearance).
 *
 * @param name parameter name in the model
 * @param priorLogSd prior standard deviation of log θ (e.g. the population ω)
 * @param randomWalkLogSdPerSqrtMin σ_rw in 1/√min: after Δt minutes log θ has drifted with
 *     variance σ_rw²·Δt (e.g. 0.3/√(24·60) ≈ 0.008 lets θ drift about 30% per day, 1 SD)
 */
public record EstimatedParameter(String name, double priorLogSd, double randomWalkLogSdPerSqrtMin) {
  public EstimatedParameter {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("estimated parameter needs a name");
    }
    if (!(priorLogSd > 0) || !Double.isFinite(priorLogSd)) {
      throw new IllegalArgumentException("prior log-sd of " + name + " must be finite and > 0, was " + priorLogSd);
    }
    if (!(randomWalkLogSdPerSqrtMin >= 0) || !Double.isFinite(randomWalkLogSdPerSqrtMin)) {
      throw new IllegalArgumentException("random-walk sd of " + name + " must be finite and >= 0, was " + randomWalkLogSdPerSqrtMin);
    }
  }

  /** A random walk that lets θ drift by {@code fractionPerDay} (1 SD, in log terms) per day. */
  public static EstimatedParameter drifting(String name, double priorLogSd, double fractionPerDay) {
    return new EstimatedParameter(name, priorLogSd, fractionPerDay / Math.sqrt(24.0 * 60.0));
  }
}
