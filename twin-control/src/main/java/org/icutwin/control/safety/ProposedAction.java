package org.icutwin.control.safety;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * A dose change as a controller (or a clinician) proposes it, before any check.
 *
 * <p>The value is a raw double and the unit a raw string on purpose: the envelope must see a NaN
 * or a non-UCUM unit to withhold it, which a {@link org.icutwin.core.units.Quantity} could not hold.
 *
 * @param drug drug id as in the drug library, e.g. "insulin"
 * @param careArea care area id, e.g. "adult-icu"
 * @param kind continuous rate or discrete dose
 * @param value the proposed rate or amount in {@code unit} (may be anything; the envelope checks it)
 * @param unit the UCUM unit the controller uses, e.g. model units "mU/min" or "ug/min"
 * @param effectiveTimeMin when the action would take effect, minutes on the twin's clock
 * @param durationMin infusion duration of a discrete dose, or how long a continuous rate is planned to
 *     run (used for the 24-h cap); empty when not stated
 */
public record ProposedAction(String drug, String careArea, ActionKind kind, double value, String unit,
    double effectiveTimeMin, OptionalDouble durationMin) {

  public ProposedAction {
    Objects.requireNonNull(drug, "drug");
    Objects.requireNonNull(careArea, "careArea");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(durationMin, "durationMin: use OptionalDouble.empty()");
  }

  /** A continuous rate proposal without a planned duration. */
  public static ProposedAction rate(String drug, String careArea, double value, String unit, double effectiveTimeMin) {
    return new ProposedAction(drug, careArea, ActionKind.CONTINUOUS_RATE, value, unit, effectiveTimeMin,
        OptionalDouble.empty());
  }

  /** A discrete dose proposal, with its infusion duration when it is infused rather than pushed. */
  public static ProposedAction dose(String drug, String careArea, double value, String unit, double effectiveTimeMin,
      OptionalDouble durationMin) {
    return new ProposedAction(drug, careArea, ActionKind.DISCRETE_DOSE, value, unit, effectiveTimeMin, durationMin);
  }

  /** The same action with another value and unit (e.g. a clinician's modification). */
  public ProposedAction withValue(double newValue, String newUnit) {
    return new ProposedAction(drug, careArea, kind, newValue, newUnit, effectiveTimeMin, durationMin);
  }
}
