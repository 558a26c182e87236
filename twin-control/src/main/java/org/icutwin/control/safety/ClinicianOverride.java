package org.icutwin.control.safety;

/**
 * A clinician's documented decision to accept a dose beyond a soft limit; hard limits ignore it.
 *
 * @param clinicianId who overrides (non-blank)
 * @param reason why, in the clinician's words (non-blank: an override without a reason is not one)
 */
public record ClinicianOverride(String clinicianId, String reason) {
  public ClinicianOverride {
    if (clinicianId == null || clinicianId.isBlank()) {
      throw new IllegalArgumentException("a clinician override needs the clinician's id");
    }
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("a clinician override needs a non-blank reason (clinician " + clinicianId + ")");
    }
  }
}
