package org.icutwin.estimation.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.icutwin.core.model.NoiseModel;
import org.icutwin.estimation.Observation;
import org.icutwin.estimation.filter.UpdateOutcome;
import org.junit.jupiter.api.Test;

/**
 * The blocked CUSUM ignores autocorrelated sensor error that the plain CUSUM reads as drift, still
 * flags a sustained model error, and equals the plain CUSUM for sparse laboratory readings.
 */
class SensorBlockedCusumTest {
  private static final NoiseModel NOISE = new NoiseModel.Additive(1.0);

  /** Normalised innovations with S = 1: r_i as given, one reading every {@code stepMin} from {@code source}. */
  private static List<UpdateOutcome> series(double[] r, double stepMin, String source) {
    var out = new ArrayList<UpdateOutcome>();
    for (int i = 0; i < r.length; i++) {
      var o = Observation.of(source + i, i * stepMin, "glucose", r[i], NOISE, source);
      out.add(new UpdateOutcome(o, 0, r[i], 1.0, r[i] * r[i], true));
    }
    return out;
  }

  /** AR(1) with unit marginal variance: r_t = ρ·r_{t−1} + √(1−ρ²)·e_t, plus a constant bias (in SD). */
  private static double[] ar1(Random rnd, int n, double rho, double bias) {
    double[] r = new double[n];
    double x = rnd.nextGaussian();
    for (int i = 0; i < n; i++) {
      x = rho * x + Math.sqrt(1 - rho * rho) * rnd.nextGaussian();
      r[i] = x + bias;
    }
    return r;
  }

  @Test
  void autocorrelatedCgmErrorRarelyAlarmsBlockedButOftenPlain() {
    // 6 h of 5-min CGM innovations with the sensor model's correlation (τ 20 min: ρ = e^{-5/20}).
    var rnd = new Random(7);
    int plain = 0;
    int blocked = 0;
    for (int run = 0; run < 400; run++) {
      var s = series(ar1(rnd, 72, Math.exp(-5.0 / 20), 0), 5, "cgm");
      Cusum p = Cusum.standard();
      for (UpdateOutcome o : s) {
        p = p.add(o.innovation());
      }
      plain += p.status() != DriftStatus.IN_CONTROL ? 1 : 0;
      blocked += SensorBlockedCusum.fold(s, 30).status() != DriftStatus.IN_CONTROL ? 1 : 0;
    }
    assertThat(plain).as("plain CUSUM alarms on sensor error alone").isGreaterThan(40);
    assertThat(blocked).as("blocked CUSUM alarms in at most 1% of 6-h windows").isLessThanOrEqualTo(4);
  }

  @Test
  void aSustainedModelErrorIsStillFlaggedWithItsSign() {
    var rnd = new Random(8);
    int flagged = 0;
    for (int run = 0; run < 200; run++) {
      var s = series(ar1(rnd, 72, Math.exp(-5.0 / 20), -1.5), 5, "cgm");
      flagged += SensorBlockedCusum.fold(s, 30).status() == DriftStatus.OVER_PREDICTING ? 1 : 0;
    }
    assertThat(flagged).as("a 1.5-SD bias over 6 h").isGreaterThanOrEqualTo(190);
  }

  @Test
  void sparseLabReadingsGiveThePlainCusum() {
    double[] r = {1.2, 0.4, 2.5, 1.9, 1.1, 2.2, 0.3};
    var s = series(r, 60, "lab");
    Cusum plain = Cusum.standard();
    for (double x : r) {
      plain = plain.add(x);
    }
    assertThat(SensorBlockedCusum.fold(s, 30)).isEqualTo(plain);
  }

  @Test
  void refusesANonPositiveBlock() {
    assertThatThrownBy(() -> SensorBlockedCusum.fold(List.of(), 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
