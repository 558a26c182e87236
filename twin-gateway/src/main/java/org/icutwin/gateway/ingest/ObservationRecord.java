package org.icutwin.gateway.ingest;

import java.time.Instant;
import java.util.Objects;

/**
 * One accepted measurement, normalised: quantity and value in the code table's canonical unit.
 *
 * @param messageId unique id of the message (de-duplication key)
 * @param patientId the admitted patient
 * @param deviceId the device or laboratory that measured it ({@code "lab"} style ids for labs)
 * @param code the code as sent
 * @param quantity twin-side quantity, e.g. {@code "glucose"}
 * @param sensorClass e.g. {@code "cgm"}, {@code "lab"}; selects the measurement noise
 * @param value value in {@code unit}
 * @param unit canonical UCUM unit of the quantity
 * @param belowLoq true when the sample was below the limit of quantification ({@code value} is the limit)
 * @param originalValue the value as sent
 * @param originalUnit the unit as sent
 * @param effectiveTime sample time
 * @param receivedTime arrival time at the server
 * @param source path it came in by
 * @param revision a first report, or a correction or withdrawal of an earlier one (null reads as a
 *     first report: inbox rows written before revisions existed)
 * @param revises for a correction or withdrawal, the id the revised result was first sent under
 *     ({@code messageId} is then that id with the revision appended, so each distinct revision is
 *     recorded once); null for a first report. A withdrawal's value is not used.
 */
public record ObservationRecord(String messageId, String patientId, String deviceId, CodeRef code, String quantity,
    String sensorClass, double value, String unit, boolean belowLoq, double originalValue, String originalUnit,
    Instant effectiveTime, Instant receivedTime, Source source, Revision revision, String revises)
    implements IngestItem {

  /** A first report. */
  public ObservationRecord(String messageId, String patientId, String deviceId, CodeRef code, String quantity,
      String sensorClass, double value, String unit, boolean belowLoq, double originalValue, String originalUnit,
      Instant effectiveTime, Instant receivedTime, Source source) {
    this(messageId, patientId, deviceId, code, quantity, sensorClass, value, unit, belowLoq, originalValue,
        originalUnit, effectiveTime, receivedTime, source, Revision.ORIGINAL, null);
  }

  public ObservationRecord {
    revision = revision == null ? Revision.ORIGINAL : revision;
    if ((revision == Revision.ORIGINAL) != (revises == null)) {
      throw new IllegalArgumentException("observation " + messageId + ": a " + revision + " must "
          + (revises == null ? "name the id it revises" : "not name an id it revises"));
    }
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(patientId, "patientId");
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(quantity, "quantity");
    Objects.requireNonNull(sensorClass, "sensorClass");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(originalUnit, "originalUnit");
    Objects.requireNonNull(effectiveTime, "effectiveTime");
    Objects.requireNonNull(receivedTime, "receivedTime");
    Objects.requireNonNull(source, "source");
    if (!Double.isFinite(value) || !Double.isFinite(originalValue)) {
      throw new IllegalArgumentException("observation " + messageId + ": value must be finite");
    }
  }

  /**
   * True when {@code other} says the same as this item: the same kind, patient, device, code,
   * quantity, sensor class, canonical value, limit-of-quantification flag, sample time and revision. When and
   * by which path it arrived, and the value and unit as sent, do not count: only the canonical value
   * does.
   */
  @Override
  public boolean sameContentAs(IngestItem other) {
    return other instanceof ObservationRecord o && messageId.equals(o.messageId) && patientId.equals(o.patientId)
        && deviceId.equals(o.deviceId) && code.equals(o.code) && quantity.equals(o.quantity)
        && sensorClass.equals(o.sensorClass) && Double.compare(value, o.value) == 0 && unit.equals(o.unit)
        && belowLoq == o.belowLoq && effectiveTime.equals(o.effectiveTime) && revision == o.revision
        && java.util.Objects.equals(revises, o.revises);
  }
}
