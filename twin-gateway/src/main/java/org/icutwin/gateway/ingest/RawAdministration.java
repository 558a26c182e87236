package org.icutwin.gateway.ingest;

import java.time.Instant;

/**
 * A dose event as a parser read it (pump JSON, FHIR MedicationAdministration), before drug, unit,
 * device and time checks.
 *
 * @param messageId message or resource id
 * @param deviceId pump id, or null when the payload names the patient directly
 * @param patientId patient id when the payload names one, else null
 * @param drug drug library id as sent
 * @param kind rate change or bolus
 * @param amount rate or amount as sent
 * @param unit UCUM unit as sent
 * @param effectiveTime when it took effect
 * @param source path
 * @param basedOn order or proposal id, or null
 * @param revision a first report, or a {@link Revision#WITHDRAWAL} of the dose sent under
 *     {@code messageId} (its amount is then not needed: NaN)
 */
public record RawAdministration(String messageId, String deviceId, String patientId, String drug,
    AdministrationRecord.Kind kind, double amount, String unit, Instant effectiveTime, Source source,
    String basedOn, Revision revision) implements RawItem {

  public RawAdministration {
    revision = revision == null ? Revision.ORIGINAL : revision;
  }

  /** A first report. */
  public RawAdministration(String messageId, String deviceId, String patientId, String drug,
      AdministrationRecord.Kind kind, double amount, String unit, Instant effectiveTime, Source source,
      String basedOn) {
    this(messageId, deviceId, patientId, drug, kind, amount, unit, effectiveTime, source, basedOn, Revision.ORIGINAL);
  }
}
