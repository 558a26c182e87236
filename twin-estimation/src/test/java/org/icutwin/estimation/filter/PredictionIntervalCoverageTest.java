package org.icutwin.estimation.filter;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The 90% prediction interval for the next measurement, issued before it arrives, covers 85-95%
 * of the held-back measurements: 40 seeded patients whose insulin sensitivity is drawn from the
 * prior and drifts, hourly glucose for 12 h, the forecast made one hour ahead at each step.
 */
class PredictionIntervalCoverageTest {

  @Test
  void ninetyPercentIntervalsCoverEightyFiveToNinetyFivePercentOfHeldBackReadings() {
    int inside = 0;
    int total = 0;
    for (int r = 0; r < 40; r++) {
      var truth = new GlucoseScenario(9000 + r, Double.NaN);
      StateEstimator f = new UnscentedKalmanFilter(GlucoseScenario.setup(), Propagators.forModel(GlucoseScenario.MODEL, 1.0));
      for (int k = 1; k <= 12; k++) {
        double t = 60.0 * k;
        var forecast = Forecast.of(f, GlucoseScenario.MODEL, GlucoseScenario.rates(f.timeMin()), GlucoseScenario.PLAN,
            "glucose", GlucoseScenario.NOISE, new double[] {t}).get(0);
        GlucoseScenario.advance(f, truth, t);
        var obs = truth.measure("g" + k);
        if (obs.value() >= forecast.lower90() && obs.value() <= forecast.upper90()) {
          inside++;
        }
        total++;
        f.update(obs, Double.POSITIVE_INFINITY);
      }
    }
    double coverage = (double) inside / total;
    assertThat(coverage).as("coverage of %d held-back readings", total).isBetween(0.85, 0.95);
  }
}
