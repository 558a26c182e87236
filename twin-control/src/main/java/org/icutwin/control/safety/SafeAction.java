package org.icutwin.control.safety;

import java.util.Objects;
import java.util.OptionalDouble;
import org.icutwin.core.units.Quantity;

/**
 * An action that passed the envelope (possibly clipped), in the drug library's dose unit.
 *
 * @param drug drug id
 * @param careArea care area id
 * @param kind continuous rate or discrete dose
 * @param value the rate or amount in the library's unit (e.g. [iU]/h, ug/kg/min, mg)
 * @param effectiveTimeMin when it takes effect, minutes
 * @param durationMin infusion duration of a discrete dose (possibly lengthened), or the planned run time of a rate
 */
public record SafeAction(String drug, String careArea, ActionKind kind, Quantity value, double effectiveTimeMin,
    OptionalDouble durationMin) {
  public SafeAction {
    Objects.requireNonNull(drug, "drug");
    Objects.requireNonNull(careArea, "careArea");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(durationMin, "durationMin");
  }
}
