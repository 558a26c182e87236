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
 */
public record ObservationRecord(String messageId, String patientId, String deviceId, CodeRef code, String quantity,
    String sensorClass, double value, String unit, boolean belowLoq, double originalValue, String originalUnit,
    Instant effectiveTime, Instant receivedTime, Source source) implements IngestItem {

  public ObservationRecord {
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
   * quantity, sensor class, canonical value, limit-of-quantification flag and sample time. When and
   * by which path it arrived, and the value and unit as sent, do not count: only the canonical value
   * does.
   */
  @Override
  public boolean sameContentAs(IngestItem other) {
    return other instanceof ObservationRecord o && messageId.equals(o.messageId) && patientId.equals(o.patientId)
        && deviceId.equals(o.deviceId) && code.equals(o.code) && quantity.equals(o.quantity)
        && sensorClass.equals(o.sensorClass) && Double.compare(value, o.value) == 0 && unit.equals(o.unit)
        && belowLoq == o.belowLoq && effectiveTime.equals(o.effectiveTime);
  }
}
