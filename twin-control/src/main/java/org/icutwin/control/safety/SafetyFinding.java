package org.icutwin.control.safety;

import java.util.Objects;

/**
 * One reason the envelope acted, with a human-readable detail that names numbers and units.
 *
 * @param reason the typed code (what tests and the REST layer branch on)
 * @param detail for people, e.g. "35.0 [iU]/h above hard max 30.0 [iU]/h"
 */
public record SafetyFinding(SafetyReason reason, String detail) {
  public SafetyFinding {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(detail, "detail");
  }
}
