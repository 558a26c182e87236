package org.icutwin.control.twin;

import java.time.Instant;

/**
 * One predicted value with its 90% interval (measurement noise included).
 *
 * @param time when
 * @param mean predicted mean
 * @param lower90 5th percentile
 * @param upper90 95th percentile
 */
public record PredictionPoint(Instant time, double mean, double lower90, double upper90) {

  /** Whether the mean and both ends of the interval are finite numbers. */
  public boolean isFinite() {
    return Double.isFinite(mean) && Double.isFinite(lower90) && Double.isFinite(upper90);
  }
}
