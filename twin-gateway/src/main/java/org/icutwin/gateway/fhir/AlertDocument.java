package org.icutwin.gateway.fhir;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A safety alert raised by a twin (becomes a DetectedIssue).
 *
 * @param alertId id
 * @param patientId patient
 * @param code machine-readable alert code, e.g. {@code hypoglycaemia-predicted}, {@code drift}
 * @param title short human-readable title
 * @param detail what was found, with values and units
 * @param severity high, moderate or low
 * @param identified when it was raised
 * @param implicated references to the resources concerned, e.g. {@code MedicationRequest/p-1}
 * @param twinDeviceId id of the twin's Device resource (the author)
 * @param acknowledgement a clinician's acknowledgement, null until there is one
 */
public record AlertDocument(String alertId, String patientId, String code, String title, String detail,
    Severity severity, Instant identified, List<String> implicated, String twinDeviceId,
    Acknowledgement acknowledgement) {

  /** An alert not (yet) acknowledged. */
  public AlertDocument(String alertId, String patientId, String code, String title, String detail,
      Severity severity, Instant identified, List<String> implicated, String twinDeviceId) {
    this(alertId, patientId, code, title, detail, severity, identified, implicated, twinDeviceId, null);
  }

  /**
   * A clinician acknowledged the alert (becomes the DetectedIssue's mitigation).
   *
   * @param by the clinician's user id
   * @param at when
   * @param note what was done (may be empty)
   */
  public record Acknowledgement(String by, Instant at, String note) {
    public Acknowledgement {
      Objects.requireNonNull(by, "by");
      Objects.requireNonNull(at, "at");
      note = note == null ? "" : note;
    }
  }

  /** DetectedIssue severity. */
  public enum Severity {
    HIGH,
    MODERATE,
    LOW
  }

  public AlertDocument {
    Objects.requireNonNull(alertId, "alertId");
    Objects.requireNonNull(patientId, "patientId");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(identified, "identified");
    Objects.requireNonNull(twinDeviceId, "twinDeviceId");
    implicated = List.copyOf(implicated);
  }
}
