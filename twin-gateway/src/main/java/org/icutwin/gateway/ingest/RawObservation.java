package org.icutwin.gateway.ingest;

import java.time.Instant;

/**
 * A measurement as a parser read it from MQTT JSON or FHIR, before code, unit, range, device and
 * time checks. Nullable fields are checked by the {@link Normaliser}.
 *
 * @param messageId message or resource id
 * @param deviceId device id, or null (e.g. a laboratory result via FHIR)
 * @param patientId patient id when the payload names one (FHIR subject), else null
 * @param codes codes as sent (the first known one wins)
 * @param value value as sent (may be NaN; refused then)
 * @param unit UCUM unit as sent
 * @param belowLoq whether the value is a limit of quantification ({@code "<"} comparator)
 * @param effectiveTime sample time
 * @param source path
 * @param revision a first report, or a correction or withdrawal of the result sent under {@code messageId}
 *     (a withdrawal needs no value: NaN then)
 */
public record RawObservation(String messageId, String deviceId, String patientId, java.util.List<CodeRef> codes,
    double value, String unit, boolean belowLoq, Instant effectiveTime, Source source, Revision revision)
    implements RawItem {

  public RawObservation {
    revision = revision == null ? Revision.ORIGINAL : revision;
  }

  /** A first report. */
  public RawObservation(String messageId, String deviceId, String patientId, java.util.List<CodeRef> codes,
      double value, String unit, boolean belowLoq, Instant effectiveTime, Source source) {
    this(messageId, deviceId, patientId, codes, value, unit, belowLoq, effectiveTime, source, Revision.ORIGINAL);
  }
}
