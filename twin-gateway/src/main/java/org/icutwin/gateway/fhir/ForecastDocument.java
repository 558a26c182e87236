package org.icutwin.gateway.fhir;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.icutwin.gateway.ingest.CodeRef;

/**
 * A twin's forecast of one measured quantity with its uncertainty (becomes a RiskAssessment whose
 * predictions are the probabilities of leaving the target band).
 *
 * @param forecastId id
 * @param patientId patient
 * @param code the quantity's code, e.g. LOINC 15074-8 for blood glucose
 * @param display the quantity's name
 * @param unit UCUM unit of every value
 * @param bandLow lower edge of the target band, {@code unit}
 * @param bandHigh upper edge of the target band, {@code unit}
 * @param issued when the forecast was made
 * @param points predicted values, in time order
 * @param basisObservationIds Observations the forecast is based on
 * @param modelId model
 * @param modelVersion model version
 * @param twinDeviceId the twin's Device id (the performer)
 */
public record ForecastDocument(String forecastId, String patientId, CodeRef code, String display, String unit,
    double bandLow, double bandHigh, Instant issued, List<Point> points, List<String> basisObservationIds,
    String modelId, String modelVersion, String twinDeviceId) {

  /**
   * One forecast time.
   *
   * @param at the time predicted
   * @param median median prediction
   * @param low90 5th percentile (lower end of the 90% interval)
   * @param high90 95th percentile
   * @param probabilityOutOfBand probability of being outside [bandLow, bandHigh] at {@code at}, 0..1
   */
  public record Point(Instant at, double median, double low90, double high90, double probabilityOutOfBand) {

    public Point {
      Objects.requireNonNull(at, "at");
      if (!(low90 <= median && median <= high90)) {
        throw new IllegalArgumentException("forecast point " + at + ": need low90 <= median <= high90");
      }
      if (!(probabilityOutOfBand >= 0 && probabilityOutOfBand <= 1)) {
        throw new IllegalArgumentException("forecast point " + at + ": probability must be in [0, 1]");
      }
    }
  }

  public ForecastDocument {
    Objects.requireNonNull(forecastId, "forecastId");
    Objects.requireNonNull(patientId, "patientId");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(issued, "issued");
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(modelVersion, "modelVersion");
    Objects.requireNonNull(twinDeviceId, "twinDeviceId");
    points = List.copyOf(points);
    basisObservationIds = List.copyOf(basisObservationIds);
    if (!(bandLow < bandHigh)) {
      throw new IllegalArgumentException("forecast " + forecastId + ": band must be increasing");
    }
  }
}
