package org.icutwin.estimation.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class EstimateTest {
  private static final double Z90 = 1.6448536269514722;
  // G = 6 ± 1 mmol/L, X = 0.001 ± 0.002 /min (wide, near its zero bound), log p3 ~ N(-11, 0.3²).
  private final Estimate e = new Estimate(0, List.of("G", "X", "log p3"), new double[] {6, 0.001, -11},
      new double[][] {{1, 0, 0}, {0, 4e-6, 0}, {0, 0, 0.09}});

  @Test
  void unboundedStateIntervalIsTheGaussianOne() {
    assertThat(e.stateInterval90(0)).containsExactly(new double[] {6 - Z90, 6 + Z90}, within(1e-12));
    assertThat(e.stateInterval90(1)[0]).isNegative();
  }

  @Test
  void boundedStateIntervalNeverLeavesTheBounds() {
    double[] x = e.stateInterval90(1, 0, Double.POSITIVE_INFINITY);
    assertThat(x[0]).isZero();
    assertThat(x[1]).isCloseTo(0.001 + Z90 * 0.002, within(1e-15));
    // Far from the bounds nothing changes.
    assertThat(e.stateInterval90(0, 0, 40)).containsExactly(e.stateInterval90(0), within(0.0));
    // An upper bound cuts the upper end; a mean beyond a bound gives the bound at both ends.
    assertThat(e.stateInterval90(0, 0, 7)).containsExactly(new double[] {6 - Z90, 7}, within(1e-12));
    assertThat(e.stateInterval90(0, 0, 2)).containsExactly(2.0, 2.0);
  }

  @Test
  void reversedBoundsAreRefused() {
    assertThatThrownBy(() -> e.stateInterval90(0, 5, 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lower bound 5.0 above upper bound 1.0");
  }

  @Test
  void parameterIntervalIsLogNormalAndPositive() {
    double[] p = e.parameterInterval90("p3");
    assertThat(p[0]).isPositive().isCloseTo(Math.exp(-11 - Z90 * 0.3), within(1e-12));
    assertThat(p[1]).isCloseTo(Math.exp(-11 + Z90 * 0.3), within(1e-12));
    assertThat(e.parameterMedian("p3")).isCloseTo(Math.exp(-11), within(1e-15));
  }
}
