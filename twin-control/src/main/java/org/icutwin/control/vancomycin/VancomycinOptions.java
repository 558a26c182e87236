package org.icutwin.control.vancomycin;

/**
 * Targets and search settings of the vancomycin controller.
 *
 * <p>Defaults: AUC24 400-600 mg·h/L aiming at 500 (Rybak 2020, Am J Health Syst Pharm 77:835),
 * 700 mg·h/L as the exposure above which nephrotoxicity risk is considered high, at most 5% risk
 * of exceeding it; doses in 250-mg steps (a practical vial/bag size); intervals 8, 12, 24 h;
 * loading 25 mg/kg (within the guideline's 20-35 mg/kg); 400 seeded posterior samples.
 *
 * @param bandLowMgHPerL lower edge of the AUC24 target band, mg·h/L
 * @param bandHighMgHPerL upper edge of the band, mg·h/L
 * @param aimMgHPerL the AUC24 aimed at inside the band (tie-break), mg·h/L
 * @param toxicMgHPerL AUC24 above which exposure counts as high risk, mg·h/L
 * @param maxToxicRisk accepted P(AUC24 > toxic) of the chosen regimen
 * @param toxicPenalty weight w of P(AUC24 > toxic) in the score P(in band) − w·P(> toxic)
 * @param doseStepMg dose rounding step, mg
 * @param intervalsH candidate dosing intervals, hours
 * @param loadingMgPerKg loading dose, mg/kg, given when no dose has been given yet
 * @param minInfusionH shortest infusion, hours (the rate cap may lengthen it)
 * @param infusionStepH infusion durations are rounded up to this step, hours
 * @param samples number of posterior parameter samples for the risk estimates
 * @param seed seed of the posterior sampler (recommendations are reproducible)
 * @param softLimits whether per-dose caps are the library's soft maxima (true) or hard maxima
 * @param nextLevelStepMin spacing of candidate times for the next level, minutes
 */
public record VancomycinOptions(double bandLowMgHPerL, double bandHighMgHPerL, double aimMgHPerL, double toxicMgHPerL,
    double maxToxicRisk, double toxicPenalty, double doseStepMg, double[] intervalsH, double loadingMgPerKg,
    double minInfusionH, double infusionStepH, int samples, long seed, boolean softLimits, double nextLevelStepMin) {

  public VancomycinOptions {
    if (!(bandLowMgHPerL > 0) || !(bandHighMgHPerL > bandLowMgHPerL) || !(aimMgHPerL >= bandLowMgHPerL)
        || !(aimMgHPerL <= bandHighMgHPerL) || !(toxicMgHPerL >= bandHighMgHPerL)) {
      throw new IllegalArgumentException("need 0 < band low <= aim <= band high <= toxic, got " + bandLowMgHPerL + ", "
          + aimMgHPerL + ", " + bandHighMgHPerL + ", " + toxicMgHPerL);
    }
    if (!(maxToxicRisk >= 0 && maxToxicRisk <= 1) || !(toxicPenalty >= 0) || !(doseStepMg > 0)
        || !(loadingMgPerKg >= 0) || !(minInfusionH > 0) || !(infusionStepH > 0) || samples < 20
        || !(nextLevelStepMin > 0) || intervalsH.length == 0) {
      throw new IllegalArgumentException("invalid vancomycin options");
    }
    for (double t : intervalsH) {
      if (!(t > minInfusionH) || !Double.isFinite(t)) {
        throw new IllegalArgumentException("interval " + t + " h must be finite and longer than the infusion");
      }
    }
    intervalsH = intervalsH.clone();
  }

  /** The defaults described above. */
  public static VancomycinOptions defaults() {
    return new VancomycinOptions(400, 600, 500, 700, 0.05, 2.0, 250, new double[] {8, 12, 24}, 25, 1.0, 0.5, 400,
        20200315L, true, 60);
  }

  @Override
  public double[] intervalsH() {
    return intervalsH.clone();
  }
}
