package org.icutwin.core.virtual;

import java.util.SplittableRandom;

/**
 * An artefact that starts as a Poisson process while inactive and lasts a uniform duration.
 *
 * <p>Onset probability over a read interval Δ is 1 − exp(−λ·Δ), λ per minute; an episode that
 * starts at a read covers [t, t + D), D ~ U(minDurationMin, maxDurationMin). Two random numbers
 * are drawn at every read, so the stream never depends on which branch was taken.
 */
final class Episodes {
  private final double ratePerMin;
  private final double minDurationMin;
  private final double maxDurationMin;
  private double endsAt = Double.NEGATIVE_INFINITY;
  private double startedAt = Double.NaN;

  Episodes(double ratePerHour, double minDurationMin, double maxDurationMin) {
    if (!(ratePerHour >= 0) || !(minDurationMin > 0) || maxDurationMin < minDurationMin) {
      throw new IllegalArgumentException("episode rate must be >= 0 and 0 < min duration <= max duration");
    }
    this.ratePerMin = ratePerHour / 60.0;
    this.minDurationMin = minDurationMin;
    this.maxDurationMin = maxDurationMin;
  }

  /** Whether an episode is active at {@code t}, {@code dtMin} after the previous read. */
  boolean activeAt(double t, double dtMin, SplittableRandom r) {
    double u = r.nextDouble();
    double d = r.nextDouble();
    if (t < endsAt) {
      return true;
    }
    if (u < -Math.expm1(-ratePerMin * dtMin)) {
      startedAt = t;
      endsAt = t + minDurationMin + (maxDurationMin - minDurationMin) * d;
      return true;
    }
    return false;
  }

  /** Time the current or last episode started (NaN if none yet). */
  double startedAt() {
    return startedAt;
  }
}
