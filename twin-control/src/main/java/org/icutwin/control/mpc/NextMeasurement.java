package org.icutwin.control.mpc;

import org.icutwin.estimation.filter.Forecast;

/**
 * Risk-based timing of the next measurement, as ICU glucose protocols do: measure soon when the
 * forecast under the plan may leave the band, rarely when it is confidently inside.
 *
 * <p>The next measurement is due at the first forecast time where the 90% interval of the output
 * (model uncertainty) reaches outside [band_low, band_high], rounded down to whole hours,
 * clamped to [{@code minMin}, {@code maxMin}]; with no such time, after {@code maxMin}.
 */
public final class NextMeasurement {
  private static final double Z90 = 1.6448536269514722;

  private NextMeasurement() {}

  /** Minutes from now until the next measurement is advised. */
  public static double suggestMinutes(MpcResult result, MpcConfig config, double nowMin, double minMin, double maxMin) {
    for (Forecast.Point p : result.underPlan()) {
      double lo = p.mean() - Z90 * p.modelSd();
      double hi = p.mean() + Z90 * p.modelSd();
      if (lo < config.bandLow() || hi > config.bandHigh()) {
        double hours = Math.floor((p.timeMin() - nowMin) / 60.0);
        return Math.max(minMin, Math.min(maxMin, hours * 60.0));
      }
    }
    return maxMin;
  }
}
