package org.icutwin.control.twin;

import java.time.Instant;
import java.util.Objects;

/**
 * A dose actually given, in the drug library's unit: a rate from {@code time} on, or a bolus.
 *
 * @param id unique id (message id)
 * @param time when it took effect
 * @param drug drug library id
 * @param bolus true for a discrete dose, false for a rate change (0 = stop)
 * @param amount rate (per time) or amount in {@code unit}
 * @param unit UCUM unit, e.g. {@code [iU]/h}, {@code ug/kg/min}, {@code mg/h}, {@code mg}
 */
public record TwinDose(String id, Instant time, String drug, boolean bolus, double amount, String unit) {
  public TwinDose {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(drug, "drug");
    Objects.requireNonNull(unit, "unit");
    if (!Double.isFinite(amount) || amount < 0) {
      throw new IllegalArgumentException("dose " + id + ": amount must be finite and >= 0, was " + amount);
    }
  }
}
