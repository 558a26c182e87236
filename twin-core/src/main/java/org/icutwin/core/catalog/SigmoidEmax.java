package org.icutwin.core.catalog;

/**
 * The sigmoid Emax (Hill) effect on a baseline: E = E0 ± Emax·C^γ/(EC50^γ + C^γ).
 *
 * <p>Stimulating (+) for vasopressors, inhibitory (−) e.g. for hypnotic depth indices. Source:
 * Holford and Sheiner 1981 (Clin Pharmacokinet 6:429).
 */
public final class SigmoidEmax {
  private SigmoidEmax() {}

  /**
   * @param concentration C ≥ 0 (negative values, which only arise as numerical noise, count as 0)
   * @param sign +1 stimulating, −1 inhibitory
   */
  public static double effect(double concentration, double e0, double emax, double ec50, double gamma, int sign) {
    double c = Math.max(concentration, 0.0);
    double fraction;
    if (gamma == 1.0) {
      fraction = c / (ec50 + c);
    } else {
      double cg = Math.pow(c, gamma);
      fraction = cg / (Math.pow(ec50, gamma) + cg);
    }
    return e0 + sign * emax * fraction;
  }

  /** The concentration that gives effect {@code e}: C = EC50·(f/(1−f))^(1/γ), f = |e − E0|/Emax. */
  public static double concentrationFor(double e, double e0, double emax, double ec50, double gamma, int sign) {
    double f = sign * (e - e0) / emax;
    if (!(f >= 0 && f < 1)) {
      throw new IllegalArgumentException("effect " + e + " is not reachable from E0 " + e0 + " with Emax " + emax);
    }
    return ec50 * Math.pow(f / (1 - f), 1 / gamma);
  }
}
