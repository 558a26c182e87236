package org.icutwin.control.safety;

import java.util.Objects;
import org.icutwin.core.units.Quantity;

/**
 * An amount of a drug actually given, for the rolling 24-h cap.
 *
 * <p>Continuous infusions enter as the amount delivered over an interval, stamped with the interval's
 * end (the caller integrates the rate; the envelope never guesses what a pump delivered).
 *
 * @param timeMin when it was given (or the end of the interval), minutes on the twin's clock
 * @param amount mass or international units, any unit convertible to the cap's unit (e.g. mU, mg)
 */
public record Administration(double timeMin, Quantity amount) {
  public Administration {
    if (!Double.isFinite(timeMin)) {
      throw new IllegalArgumentException("administration time must be finite, was " + timeMin);
    }
    Objects.requireNonNull(amount, "amount");
    if (amount.value() < 0) {
      throw new IllegalArgumentException("administered amount must be >= 0, was " + amount);
    }
  }
}
