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
 * @param plausibleMin lowest plausible prediction in {@code unit}
 * @param plausibleMax highest plausible prediction in {@code unit}
 * @param unit UCUM unit of the plausible range
 * @param conversion what converting a prediction to {@code unit} may need (glucose: its molar mass, for mg/dL)
 */
public record OutputPolicy(String output, double maxMeasurementAgeMin, double plausibleMin, double plausibleMax,
    String unit, ConversionContext conversion) {

  public OutputPolicy {
    Objects.requireNonNull(output, "output");
    unit = Units.normalise(unit);
    Objects.requireNonNull(conversion, "conversion");
    if (!(maxMeasurementAgeMin > 0) || Double.isInfinite(maxMeasurementAgeMin)) {
      throw new IllegalArgumentException("maximum measurement age of " + output + " must be finite and > 0, was "
          + maxMeasurementAgeMin);
    }
    if (!Double.isFinite(plausibleMin) || !Double.isFinite(plausibleMax) || plausibleMin >= plausibleMax) {
      throw new IllegalArgumentException("plausible range of " + output + " must be finite with min < max, was ["
          + plausibleMin + ", " + plausibleMax + "] " + unit);
    }
  }

  /** Glucose: newest reading at most 4 h old; predictions within [0, 40] mmol/L. */
  public static OutputPolicy glucose() {
    return new OutputPolicy("glucose", 240, 0, 40, "mmol/L", Substance.GLUCOSE.context());
  }

  /** Mean arterial pressure: newest reading at most 5 min old; predictions within [0, 250] mm[Hg]. */
  public static OutputPolicy meanArterialPressure(String output) {
    return new OutputPolicy(output, 5, 0, 250, "mm[Hg]", ConversionContext.none());
  }
}
