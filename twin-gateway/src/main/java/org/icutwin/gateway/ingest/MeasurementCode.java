package org.icutwin.gateway.ingest;

import java.util.Objects;
import org.icutwin.control.twin.SensorClasses;

/**
 * What a code means to the twins: which quantity it measures, in which canonical unit, by which
 * kind of sensor by default, and the plausible range beyond which a value is refused at the edge.
 *
 * @param code the code
 * @param quantity the twin-side quantity, e.g. {@code "glucose"}, {@code "map"}, {@code "vancomycin"}
 * @param canonicalUnit UCUM unit every accepted value is converted to, e.g. {@code "mmol/L"}
 * @param sensorClass default sensor class, one of {@link SensorClasses#KNOWN}; a device's
 *     registration may override it
 * @param plausibleMin smallest physiologically possible value, canonical unit
 * @param plausibleMax largest physiologically possible value, canonical unit
 * @param display human-readable name
 */
public record MeasurementCode(CodeRef code, String quantity, String canonicalUnit, String sensorClass,
    double plausibleMin, double plausibleMax, String display) {

  public MeasurementCode {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(quantity, "quantity");
    Objects.requireNonNull(canonicalUnit, "canonicalUnit");
    Objects.requireNonNull(sensorClass, "sensorClass");
    Objects.requireNonNull(display, "display");
    if (!SensorClasses.KNOWN.contains(sensorClass)) {
      throw new IllegalArgumentException(code + ": sensor class '" + sensorClass + "' is not one of " + SensorClasses.KNOWN);
    }
    if (!(plausibleMin < plausibleMax)) {
      throw new IllegalArgumentException(code + ": plausible range must be increasing");
    }
  }
}
