package org.icutwin.gateway.ingest;

import java.util.Optional;
import java.util.OptionalDouble;

/** Port: what the edge needs to know about an admitted patient. Implemented by twin-server. */
public interface PatientDirectory {

  /**
   * An admitted patient.
   *
   * @param patientId id
   * @param careArea drug library care area, e.g. {@code "adult-icu"}
   * @param weightKg body weight for per-kg unit conversions, when known
   */
  record Patient(String patientId, String careArea, OptionalDouble weightKg) {
  }

  /** The patient, if admitted (discharged and unknown patients are empty). */
  Optional<Patient> admitted(String patientId);
}
