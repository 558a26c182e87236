package org.icutwin.estimation.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

/** The M3 residual r = √(−2 log Φ(z)) and its guarded derivative. */
class CensoredResidualTest {
  private final NormalDistribution n01 = new NormalDistribution(null, 0, 1);

  @Test
  void matchesTheDefinitionWhereΦIsRepresentable() {
    for (double z : new double[] {-8, -2, -0.5, 0, 0.5, 2, 5}) {
      double expected = Math.sqrt(-2 * Math.log(n01.cumulativeProbability(z)));
      assertThat(CensoredResidual.residual(z)).as("z=%s", z).isCloseTo(expected, within(1e-9 * (1 + expected)));
    }
  }

  @Test
  void staysFiniteAndSmoothInBothTails() {
    // log Φ(z) ~ −z²/2 − log(−z) − ½log 2π as z → −∞ (Φ itself underflows below about −38).
    for (double z : new double[] {-45, -200, -1e4}) {
      double expected = Math.sqrt(z * z + 2 * Math.log(-z) + Math.log(2 * Math.PI));
      assertThat(CensoredResidual.residual(z)).isCloseTo(expected, within(1e-3 * expected));
      assertThat(CensoredResidual.derivative(z)).isFinite().isNegative();
    }
    // Across the switch to the asymptotic series at z = −30 the value is continuous.
    assertThat(CensoredResidual.logPhi(-30 - 1e-9)).isCloseTo(CensoredResidual.logPhi(-30 + 1e-9), within(1e-6));
    // Far above the LOQ the residual vanishes without becoming NaN.
    assertThat(CensoredResidual.residual(40)).isGreaterThanOrEqualTo(0).isLessThan(1e-100);
    assertThat(CensoredResidual.derivative(40)).isFinite();
  }

  @Test
  void derivativeAgreesWithCentralDifferences() {
    for (double z : new double[] {-35, -10, -1, 0, 1, 4}) {
      double h = 1e-5;
      double fd = (CensoredResidual.residual(z + h) - CensoredResidual.residual(z - h)) / (2 * h);
      assertThat(CensoredResidual.derivative(z)).as("z=%s", z).isCloseTo(fd, within(1e-5 * (1 + Math.abs(fd))));
    }
  }
}
