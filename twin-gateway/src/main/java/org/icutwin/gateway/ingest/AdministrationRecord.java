package org.icutwin.gateway.ingest;

import java.time.Instant;
import java.util.Objects;

/**
 * A dose actually given, normalised to the drug library's unit: an infusion rate from
 * {@code effectiveTime} on (0 = stopped), or a bolus at {@code effectiveTime}.
 *
 * @param messageId unique id of the message (de-duplication key)
 * @param patientId the admitted patient
 * @param deviceId the pump (or {@code "manual"} for doses recorded by a clinician)
 * @param drug drug library id, e.g. {@code "insulin"}
 * @param kind rate change or bolus
 * @param amount rate in {@code unit} (per time) for {@link Kind#RATE}, amount for {@link Kind#BOLUS}
 * @param unit the drug library's UCUM unit for this kind (e.g. {@code [iU]/h}, {@code mg})
 * @param originalAmount amount as sent
 * @param originalUnit unit as sent
 * @param effectiveTime when the rate took effect or the bolus was given
 * @param receivedTime arrival time at the server
 * @param source path it came in by
 * @param basedOn id of the order or proposal this dose carries out, or null
 * @param revision a first report, or a {@link Revision#WITHDRAWAL} (entered in error) of the dose
 *     first sent under {@code revises}; null reads as a first report (inbox rows written before)
 * @param revises for a withdrawal, the id the dose was first sent under ({@code messageId} is then
 *     {@code revises#entered-in-error}); null for a first report. A withdrawal's amount is not used.
 */
public record AdministrationRecord(String messageId, String patientId, String deviceId, String drug, Kind kind,
    double amount, String unit, double originalAmount, String originalUnit, Instant effectiveTime,
    Instant receivedTime, Source source, String basedOn, Revision revision, String revises) implements IngestItem {

  /** A first report. */
  public AdministrationRecord(String messageId, String patientId, String deviceId, String drug, Kind kind,
      double amount, String unit, double originalAmount, String originalUnit, Instant effectiveTime,
      Instant receivedTime, Source source, String basedOn) {
    this(messageId, patientId, deviceId, drug, kind, amount, unit, originalAmount, originalUnit, effectiveTime,
        receivedTime, source, basedOn, Revision.ORIGINAL, null);
  }

  /** A continuous rate change or a discrete dose. */
  public enum Kind {
    RATE,
    BOLUS
  }

  public AdministrationRecord {
    revision = revision == null ? Revision.ORIGINAL : revision;
    if (revision == Revision.CORRECTION) {
      throw new IllegalArgumentException("administration " + messageId + ": a dose is withdrawn, not corrected (send"
          + " the dose that was given as a new one)");
    }
    if ((revision == Revision.ORIGINAL) != (revises == null)) {
      throw new IllegalArgumentException("administration " + messageId + ": a " + revision + " must "
          + (revises == null ? "name the id it revises" : "not name an id it revises"));
    }
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(patientId, "patientId");
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(drug, "drug");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(originalUnit, "originalUnit");
    Objects.requireNonNull(effectiveTime, "effectiveTime");
    Objects.requireNonNull(receivedTime, "receivedTime");
    Objects.requireNonNull(source, "source");
    if (!Double.isFinite(amount) || amount < 0) {
      throw new IllegalArgumentException("administration " + messageId + ": amount must be finite and >= 0");
    }
  }

  /**
   * True when {@code other} says the same as this item: the same kind, patient, device, drug, rate
   * or bolus, canonical amount, time and order reference. When and by which path it arrived, and the
   * amount and unit as sent, do not count: only the canonical amount does.
   */
  @Override
  public boolean sameContentAs(IngestItem other) {
    if (revision == Revision.WITHDRAWAL) {
      // A withdrawal says only which dose is taken back: sent again with or without its dosage, it is the same.
      return other instanceof AdministrationRecord a && a.revision == Revision.WITHDRAWAL && messageId.equals(a.messageId)
          && patientId.equals(a.patientId) && drug.equals(a.drug) && Objects.equals(revises, a.revises);
    }
    return other instanceof AdministrationRecord a && messageId.equals(a.messageId) && patientId.equals(a.patientId)
        && deviceId.equals(a.deviceId) && drug.equals(a.drug) && kind == a.kind
        && Double.compare(amount, a.amount) == 0 && unit.equals(a.unit) && effectiveTime.equals(a.effectiveTime)
        && Objects.equals(basedOn, a.basedOn) && revision == a.revision && Objects.equals(revises, a.revises);
  }
}
