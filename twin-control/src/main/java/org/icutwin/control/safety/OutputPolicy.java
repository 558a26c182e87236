package org.icutwin.control.safety;

import java.util.Objects;
import org.icutwin.core.units.ConversionContext;
import org.icutwin.core.units.Substance;
import org.icutwin.core.units.Units;

/**
 * How fresh a controlled output's data must be and which predictions of it are plausible.
 *
 * <p>Defaults are engineering limits for review per site, like the drug library's numbers.
 *
 * @param output model output name, e.g. "glucose"
 * @param maxMeasurementAgeMin oldest acceptable newest applied measurement, minutes (> 0)
 * @param continuousIntervalMin a sensor reporting at least this often (median interval, minutes)
 *     counts as continuous, e.g. a CGM every 5 min
 * @param continuousMaxAgeMin oldest acceptable newest applied measurement when it came from a
 *     continuous sensor, minutes (> 0, at most {@code maxMeasurementAgeMin}): a continuous sensor
 *     that has gone quiet, or whose readings are all rejected, leaves the twin on its own prediction
 * @param plausibleMin lowest plausible prediction in {@code unit}
 * @param plausibleMax highest plausible prediction in {@code unit}
 * @param unit UCUM unit of the plausible range
 * @param conversion what converting a prediction to {@code unit} may need (glucose: its molar mass, for mg/dL)
 */
public record OutputPolicy(String output, double maxMeasurementAgeMin, double continuousIntervalMin,
    double continuousMaxAgeMin, double plausibleMin, double plausibleMax, String unit, ConversionContext conversion) {

  public OutputPolicy {
    Objects.requireNonNull(output, "output");
    unit = Units.normalise(unit);
    Objects.requireNonNull(conversion, "conversion");
    if (!(maxMeasurementAgeMin > 0) || Double.isInfinite(maxMeasurementAgeMin)) {
      throw new IllegalArgumentException("maximum measurement age of " + output + " must be finite and > 0, was "
          + maxMeasurementAgeMin);
    }
    if (!(continuousIntervalMin >= 0) || !(continuousMaxAgeMin > 0) || continuousMaxAgeMin > maxMeasurementAgeMin) {
      throw new IllegalArgumentException("continuous-sensor limits of " + output + " must have an interval >= 0 and a "
          + "maximum age in (0, " + maxMeasurementAgeMin + "] min, were " + continuousIntervalMin + " and "
          + continuousMaxAgeMin);
    }
    if (!Double.isFinite(plausibleMin) || !Double.isFinite(plausibleMax) || plausibleMin >= plausibleMax) {
      throw new IllegalArgumentException("plausible range of " + output + " must be finite with min < max, was ["
          + plausibleMin + ", " + plausibleMax + "] " + unit);
    }
  }

  /** A policy with no separate limit for continuous sensors: every reading may be {@code maxMeasurementAgeMin} old. */
  public OutputPolicy(String output, double maxMeasurementAgeMin, double plausibleMin, double plausibleMax, String unit,
      ConversionContext conversion) {
    this(output, maxMeasurementAgeMin, 0, maxMeasurementAgeMin, plausibleMin, plausibleMax, unit, conversion);
  }

  /**
   * The oldest acceptable newest applied reading for a twin whose newest reading came from a sensor
   * reporting every {@code sensorIntervalMin} (empty: not known), minutes.
   */
  public double maxAgeMin(java.util.OptionalDouble sensorIntervalMin) {
    return sensorIntervalMin.isPresent() && sensorIntervalMin.getAsDouble() <= continuousIntervalMin
        ? continuousMaxAgeMin : maxMeasurementAgeMin;
  }

  /**
   * Glucose: newest reading at most 4 h old (laboratory or point-of-care glucose, 1-4-hourly), but at
   * most 30 min when it came from a sensor reporting at least every 15 min (a CGM: after half an hour
   * without an accepted reading the twin asks for a blood glucose); predictions within [0, 40] mmol/L.
   */
  public static OutputPolicy glucose() {
    return new OutputPolicy("glucose", 240, 15, 30, 0, 40, "mmol/L", Substance.GLUCOSE.context());
  }

  /** Mean arterial pressure: newest reading at most 5 min old; predictions within [0, 250] mm[Hg]. */
  public static OutputPolicy meanArterialPressure(String output) {
    return new OutputPolicy(output, 5, 0, 250, "mm[Hg]", ConversionContext.none());
  }
}
