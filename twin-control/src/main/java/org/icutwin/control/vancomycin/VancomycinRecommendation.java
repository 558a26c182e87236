package org.icutwin.control.vancomycin;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A vancomycin regimen proposal with its predicted exposure, risk, the personalised clearance,
 * the reasons behind it, the most informative next level and the model version that made it.
 *
 * @param regimen the proposed regimen (applies from its first dose time)
 * @param forecasts predicted AUC24 for the two target days (therapy days counted from the first
 *     dose ever; the day in which the regimen starts, at least day 2, and the next)
 * @param clearanceLPerH MAP (a priori: typical) clearance, L/h
 * @param clearanceLower90LPerH 5th percentile of the clearance posterior, L/h
 * @param clearanceUpper90LPerH 95th percentile, L/h
 * @param reasons typed reasons (tests assert on these)
 * @param nextLevelMin suggested time of the next level (D-optimal among candidates), minutes
 * @param nextLevelGainNats expected information gain of that level, nats
 * @param scheduledLevelMin the next level of the sampling protocol ({@link LevelSchedule}) for the
 *     doses given and this regimen, minutes (NaN: none left within the regimen's target days); the
 *     time a twin advises, as the trial found it better for dosing than the D-optimal time
 * @param modelId the population model used, e.g. {@code vancomycin-goti2018}
 * @param parameterNames names of θ in model order
 * @param theta the individual parameters used (MAP or typical), model units (L/min, L)
 */
public record VancomycinRecommendation(VancomycinRegimen regimen, List<AucForecast> forecasts, double clearanceLPerH,
    double clearanceLower90LPerH, double clearanceUpper90LPerH, Set<VancomycinReason> reasons, double nextLevelMin,
    double nextLevelGainNats, double scheduledLevelMin, String modelId, List<String> parameterNames, List<Double> theta) {

  public VancomycinRecommendation {
    forecasts = List.copyOf(forecasts);
    reasons = reasons.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(reasons));
    parameterNames = List.copyOf(parameterNames);
    theta = List.copyOf(theta);
  }

  /** Whether a reason was given. */
  public boolean has(VancomycinReason reason) {
    return reasons.contains(reason);
  }

  /** The lowest P(AUC24 in band) over the target days. */
  public double probabilityInBand() {
    return forecasts.stream().mapToDouble(AucForecast::probabilityInBand).min().orElseThrow();
  }

  /** The highest P(AUC24 > toxic) over the target days. */
  public double probabilityAboveToxic() {
    return forecasts.stream().mapToDouble(AucForecast::probabilityAboveToxic).max().orElseThrow();
  }
}
