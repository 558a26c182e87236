package org.icutwin.control.whatif;

/**
 * Summary outcomes of one alternative over the report times, across the posterior draws.
 *
 * @param meanFractionInBand mean over draws of the fraction of report times in the target band
 *     (a fraction of time when the report times are evenly spaced)
 * @param probabilityBelowThreshold fraction of draws whose output drops under the threshold at some report time
 * @param aucPercentiles percentiles (5, 25, 50, 75, 95) of the area under the output between the first and
 *     last report time, trapezoidal on the report times, in output unit x min
 */
public record OutcomeSummary(double meanFractionInBand, double probabilityBelowThreshold, double[] aucPercentiles) {
  public OutcomeSummary {
    aucPercentiles = aucPercentiles.clone();
  }

  @Override
  public double[] aucPercentiles() {
    return aucPercentiles.clone();
  }
}
