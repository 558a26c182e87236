package org.icutwin.estimation.map;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Beal's M3 likelihood of a value below the limit of quantification, written as a least-squares
 * residual: r(z) = √(−2·log Φ(z)), z = (LOQ − h)/sd (Beal 2001, J Pharmacokinet Pharmacodyn
 * 28:481).
 *
 * <p>r² is the −2 log-likelihood contribution P(y < LOQ) = Φ(z), on the same scale as the
 * squared standardised residual of a measured value. Guards: log Φ uses log1p(−Φ(−z)) for z > 0
 * (r stays accurate, not 0, as Φ → 1) and the asymptotic series of Abramowitz and Stegun 26.2.12
 * for z < −30 (where Φ underflows), so r and dr/dz are finite for every finite z.
 */
public final class CensoredResidual {
  private static final NormalDistribution STANDARD = new NormalDistribution(null, 0.0, 1.0);
  private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
  private static final double ASYMPTOTIC_BELOW = -30.0;

  private CensoredResidual() {}

  /** log Φ(z), finite for every finite z. */
  public static double logPhi(double z) {
    if (z > 0) {
      return Math.log1p(-STANDARD.cumulativeProbability(-z));
    }
    if (z > ASYMPTOTIC_BELOW) {
      return Math.log(STANDARD.cumulativeProbability(z));
    }
    // Φ(z) = φ(z)/|z|·(1 − 1/z² + 3/z⁴ − 15/z⁶ + …), z → −∞.
    double z2 = z * z;
    double series = 1 - 1 / z2 + 3 / (z2 * z2) - 15 / (z2 * z2 * z2);
    return -0.5 * z2 - LOG_SQRT_2PI - Math.log(-z) + Math.log(series);
  }

  /** r(z) = √(−2·log Φ(z)) ≥ 0. */
  public static double residual(double z) {
    return Math.sqrt(Math.max(0.0, -2.0 * logPhi(z)));
  }

  /**
   * dr/dz = −φ(z)/(Φ(z)·r(z)). The inverse Mills ratio φ/Φ is evaluated as exp(log φ − log Φ),
   * so it stays finite as Φ → 0 (it tends to −z); as z → +∞ both φ/Φ and r vanish and the ratio
   * tends to 0, which is returned once r underflows.
   */
  public static double derivative(double z) {
    double r = residual(z);
    if (r < 1e-150) {
      return 0.0;
    }
    double logPdf = -0.5 * z * z - LOG_SQRT_2PI;
    double mills = Math.exp(logPdf - logPhi(z));
    return -mills / r;
  }
}
