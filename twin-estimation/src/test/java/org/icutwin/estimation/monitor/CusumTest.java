package org.icutwin.estimation.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The CUSUM's run lengths match the published design values for k = 0.5, h = 5. */
class CusumTest {

  static int runLength(Random rnd, double shift, int cap) {
    Cusum c = Cusum.standard();
    for (int i = 1; i <= cap; i++) {
      c = c.add(rnd.nextGaussian() + shift);
      if (c.status() != DriftStatus.IN_CONTROL) {
        return i;
      }
    }
    return cap;
  }

  @Test
  void inControlRunLengthIsNearTheTwoSidedDesignValue() {
    var rnd = new Random(42);
    double mean = 0;
    for (int r = 0; r < 300; r++) {
      mean += runLength(rnd, 0, 20_000) / 300.0;
    }
    assertThat(mean).as("two-sided in-control ARL, about 465").isBetween(350.0, 600.0);
  }

  @Test
  void aOneSdBiasIsDetectedInAboutTenSamplesWithTheRightSign() {
    var rnd = new Random(43);
    double mean = 0;
    for (int r = 0; r < 300; r++) {
      mean += runLength(rnd, 1.0, 1000) / 300.0;
    }
    assertThat(mean).as("out-of-control ARL for a 1-SD shift, about 10.4").isBetween(8.0, 13.0);
    Cusum up = Cusum.standard();
    Cusum down = Cusum.standard();
    for (int i = 0; i < 30; i++) {
      up = up.add(2.0);
      down = down.add(-2.0);
    }
    assertThat(up.status()).isEqualTo(DriftStatus.UNDER_PREDICTING);
    assertThat(down.status()).isEqualTo(DriftStatus.OVER_PREDICTING);
    assertThat(up.reset().status()).isEqualTo(DriftStatus.IN_CONTROL);
    // Above the predictions for a while, then below: both sides alarm and no direction is given.
    Cusum both = Cusum.standard();
    for (int i = 0; i < 8; i++) {
      both = both.add(3.0);
    }
    for (int i = 0; i < 3; i++) {
      both = both.add(-3.0);
    }
    assertThat(both.high()).isGreaterThan(both.h());
    assertThat(both.low()).isGreaterThan(both.h());
    assertThat(both.status()).isEqualTo(DriftStatus.BOTH_WAYS);
  }

  @Test
  void refusesNonFiniteInnovationsAndBadSettings() {
    assertThatThrownBy(() -> Cusum.standard().add(Double.NaN)).hasMessageContaining("finite");
    assertThatThrownBy(() -> new Cusum(0.5, 0, 0, 0, 0)).hasMessageContaining("h > 0");
  }

  @Test
  void consistencyBandsMatchChiSquareQuantiles() {
    double[] band = Consistency.averageBand(50, 4, 0.95);
    // χ²(200): 2.5% quantile 162.73, 97.5% quantile 241.06.
    assertThat(band[0]).isCloseTo(162.728 / 50, org.assertj.core.api.Assertions.within(1e-3));
    assertThat(band[1]).isCloseTo(241.058 / 50, org.assertj.core.api.Assertions.within(1e-3));
    double nees = Consistency.nees(new double[] {1, 2}, new double[] {0, 0}, new double[][] {{1, 0}, {0, 4}});
    assertThat(nees).isCloseTo(2.0, org.assertj.core.api.Assertions.within(1e-12));
  }
}
