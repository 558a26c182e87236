package org.icutwin.control.vancomycin;

import java.util.List;
import java.util.Objects;

/**
 * The predicted outcome of one clinician-specified regimen in a what-if
 * ({@link VancomycinDosingController#compare}).
 *
 * @param regimen the regimen as simulated
 * @param auc24 AUC24 on the controller's two target days, with 90% interval and probabilities
 * @param timesMin report times of the concentration band, minutes
 * @param median median central concentration at each report time over the posterior samples, mg/L
 * @param lower90 5th percentile, mg/L
 * @param upper90 95th percentile, mg/L
 * @param hardLimitBreaches every hard drug-library limit the regimen would break together with the
 *     doses already given, as readable text (empty: none)
 */
public record RegimenOutcome(VancomycinRegimen regimen, List<AucForecast> auc24, double[] timesMin, double[] median,
    double[] lower90, double[] upper90, List<String> hardLimitBreaches) {

  public RegimenOutcome {
    Objects.requireNonNull(regimen, "regimen");
    auc24 = List.copyOf(auc24);
    timesMin = timesMin.clone();
    median = median.clone();
    lower90 = lower90.clone();
    upper90 = upper90.clone();
    hardLimitBreaches = List.copyOf(hardLimitBreaches);
  }

  @Override
  public double[] timesMin() {
    return timesMin.clone();
  }

  @Override
  public double[] median() {
    return median.clone();
  }

  @Override
  public double[] lower90() {
    return lower90.clone();
  }

  @Override
  public double[] upper90() {
    return upper90.clone();
  }
}
