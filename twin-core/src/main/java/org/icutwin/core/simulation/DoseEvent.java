package org.icutwin.core.simulation;

import java.util.Objects;

/**
 * A change of a model input at a time (minutes): a new infusion rate, or a bolus.
 *
 * <p>Rates are piecewise constant and right-continuous: a rate set at t applies from t on.
 */
public sealed interface DoseEvent {

  double timeMin();

  String channel();

  /** From {@code timeMin} on, the named rate input runs at {@code rate} (its unit per the model). */
  record RateChange(double timeMin, String channel, double rate) implements DoseEvent {
    public RateChange {
      requireTime(timeMin);
      Objects.requireNonNull(channel, "channel");
      if (!Double.isFinite(rate) || rate < 0) {
        throw new IllegalArgumentException("rate of " + channel + " at t=" + timeMin + " must be finite and >= 0, was " + rate);
      }
    }
  }

  /** An instantaneous dose of {@code amount} through the named bolus channel at {@code timeMin}. */
  record Bolus(double timeMin, String channel, double amount) implements DoseEvent {
    public Bolus {
      requireTime(timeMin);
      Objects.requireNonNull(channel, "channel");
      if (!Double.isFinite(amount) || amount < 0) {
        throw new IllegalArgumentException("bolus of " + channel + " at t=" + timeMin + " must be finite and >= 0, was " + amount);
      }
    }
  }

  private static void requireTime(double t) {
    if (!Double.isFinite(t)) {
      throw new IllegalArgumentException("dose event time must be finite, was " + t);
    }
  }
}
