package org.icutwin.control.whatif;

import java.util.Objects;
import org.icutwin.core.simulation.DosingSchedule;

/**
 * A clinician-specified regimen to compare: future dose events in the model's channels and units.
 *
 * @param name label shown with the results, e.g. "insulin 3 U/h"
 * @param plan rate changes and boluses at or after the posterior's time (model units, e.g. mU/min)
 */
public record Alternative(String name, DosingSchedule plan) {
  public Alternative {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("an alternative needs a name");
    }
    Objects.requireNonNull(plan, "plan");
  }
}
