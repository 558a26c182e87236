package org.icutwin.core.druglib;

import java.util.Locale;
import java.util.Optional;

/**
 * Which way a continuously infused drug can be changed without a prediction to rest on: the
 * library's {@code doseRate.safeDirection}, read by the safety envelope (docs/safety.md).
 */
public enum SafeDirection {
  /**
   * Less drug is the safe side (insulin: less cannot cause hypoglycaemia). Reductions are not
   * limited by the titration step, a stop is delivered even when the twin is not trusted, and a
   * withheld proposal's running rate is cut to what the 24-h cap leaves.
   */
  DECREASE,
  /**
   * Under-treatment is the immediate hazard (a vasopressor in shock): under a drift alert alone an
   * increase within the library's limits is still delivered; a stop is never exempt.
   */
  INCREASE,
  /** Neither direction is exempt: every change needs a trusted twin and keeps the step limit. */
  NONE;

  /** The JSON value ("decrease", "increase", "none"). */
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The direction a JSON value names, if any (case-sensitive, as the library's other ids). */
  public static Optional<SafeDirection> fromJson(String value) {
    for (SafeDirection d : values()) {
      if (d.json().equals(value)) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }
}
