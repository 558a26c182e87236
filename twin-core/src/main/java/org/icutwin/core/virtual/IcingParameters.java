package org.icutwin.core.virtual;

/**
 * Individual parameters of the ICING-style glucose-insulin truth (Lin 2011, Comput Methods
 * Programs Biomed 102:192), plus two unmodelled-dynamics terms of ours (renal glucose loss and a
 * saturating brain uptake). Units: mmol, mU, L, min. Values and sources in docs/virtual-patients.md.
 *
 * @param si time-varying insulin sensitivity SI(t), L/(mU·min)
 * @param pG insulin-independent glucose clearance, 1/min
 * @param egpMmolPerMin endogenous glucose production, mmol/min
 * @param cnsMmolPerMin central nervous system glucose uptake, mmol/min
 * @param vgL glucose distribution volume, L
 * @param viL plasma insulin distribution volume, L
 * @param nK renal insulin clearance, 1/min
 * @param nL hepatic insulin clearance, 1/min (saturating with αI)
 * @param nI plasma-interstitial insulin transfer, 1/min
 * @param nC interstitial insulin degradation, 1/min (saturating with αG)
 * @param alphaG saturation of insulin action and degradation, L/mU
 * @param alphaI saturation of hepatic insulin clearance, L/mU
 * @param xL first-pass hepatic extraction of secreted insulin, fraction
 * @param uenSlope k1 of endogenous secretion uen = k1·G + k2, mU·L/(mmol·min)
 * @param uenIntercept k2, mU/min
 * @param uenMin lower bound of uen, mU/min
 * @param uenMax upper bound of uen, mU/min
 * @param d1 stomach emptying rate, 1/min
 * @param d2 gut absorption rate, 1/min
 * @param pMaxMmolPerMin saturation of gut absorption, mmol/min
 * @param renalThreshold glucose above which the kidney excretes glucose, mmol/L
 * @param renalClearanceLPerMin clearance of glucose above the threshold, L/min
 */
public record IcingParameters(SensitivityPath si, double pG, double egpMmolPerMin, double cnsMmolPerMin,
    double vgL, double viL, double nK, double nL, double nI, double nC, double alphaG, double alphaI, double xL,
    double uenSlope, double uenIntercept, double uenMin, double uenMax, double d1, double d2, double pMaxMmolPerMin,
    double renalThreshold, double renalClearanceLPerMin) {

  /** Lin 2011 population values for a 70 kg non-diabetic patient with the given SI path. */
  public static IcingParameters typical(SensitivityPath si) {
    return new IcingParameters(si, 0.006, 1.16, 0.3, 13.3, 4.0, 0.0542, 0.1578, 0.006, 0.006, 1.0 / 65,
        0.0017, 0.67, 14.9, -49.9, 16.7, 266.7, Math.log(2) / 20, Math.log(2) / 100, 6.11, 10.0, 0.08);
  }

  public IcingParameters {
    double[] positive = {pG, egpMmolPerMin, cnsMmolPerMin, vgL, viL, nK, nL, nI, nC, alphaG, alphaI, d1, d2,
        pMaxMmolPerMin, renalThreshold, uenMax};
    for (double v : positive) {
      if (!(v > 0) || Double.isInfinite(v)) {
        throw new IllegalArgumentException("ICING parameters must be finite and > 0: " + v);
      }
    }
    if (!(xL >= 0 && xL < 1) || !(renalClearanceLPerMin >= 0) || !(uenMin >= 0 && uenMin <= uenMax)) {
      throw new IllegalArgumentException("need 0 <= xL < 1, renal clearance >= 0 and 0 <= uenMin <= uenMax");
    }
  }

  /** Endogenous insulin secretion uen(G) = min(max(uenMin, k1·G + k2), uenMax), mU/min. */
  public double secretion(double glucose) {
    return Math.min(Math.max(uenMin, uenSlope * glucose + uenIntercept), uenMax);
  }
}
