package org.icutwin.gateway.subscription;

import java.time.Duration;
import java.util.Objects;

/**
 * How the dispatcher retries and paces deliveries.
 *
 * @param initialBackoff wait after the first failure; doubles per further failure
 * @param maxBackoff the longest wait between attempts
 * @param horizon how long deliveries keep failing before the subscription goes to error (no
 *     give-up before it)
 * @param pollInterval how often the dispatcher looks for due work (real time)
 * @param maxEventsPerNotification most events in one notification Bundle
 */
public record DeliverySettings(Duration initialBackoff, Duration maxBackoff, Duration horizon, Duration pollInterval,
    int maxEventsPerNotification) {

  /** 1 s doubling to 5 min, 24 h horizon, 250 ms poll, 20 events per notification. */
  public static DeliverySettings defaults() {
    return new DeliverySettings(Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofHours(24),
        Duration.ofMillis(250), 20);
  }

  public DeliverySettings {
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(horizon, "horizon");
    Objects.requireNonNull(pollInterval, "pollInterval");
    if (initialBackoff.isNegative() || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("need 0 < initialBackoff <= maxBackoff, was " + initialBackoff + ", "
          + maxBackoff);
    }
    if (horizon.compareTo(maxBackoff) < 0) {
      throw new IllegalArgumentException("horizon " + horizon + " is shorter than maxBackoff " + maxBackoff);
    }
    if (pollInterval.isNegative() || pollInterval.isZero() || maxEventsPerNotification < 1) {
      throw new IllegalArgumentException("pollInterval must be > 0 and maxEventsPerNotification >= 1");
    }
  }

  /** Wait before attempt {@code failures + 1}: initial × 2^(failures − 1), capped at the maximum. */
  public Duration backoffAfter(int failures) {
    Duration d = initialBackoff;
    for (int i = 1; i < failures && d.compareTo(maxBackoff) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
  }
}
