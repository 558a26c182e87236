package org.icutwin.estimation.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Function;
import org.icutwin.estimation.monitor.Consistency;
import org.junit.jupiter.api.Test;

/**
 * Monte Carlo consistency of the observers (Bar-Shalom et al. 2001, §5.4): over 50 seeded runs
 * of a 12-hour glucose scenario with half-hourly glucose, the run-averaged NEES (4 dims) and NIS
 * (1 dim) must lie in their 95% χ² bands. The truth draws its insulin sensitivity from the prior
 * and lets it drift, so the filter starts from the wrong parameter in every run.
 */
class ConsistencyMonteCarloTest {
  static final int RUNS = 50;
  static final int STEPS = 24;

  record Averages(double[] anees, double[] anis) {}

  static Averages run(Function<EstimationSetup, StateEstimator> factory) {
    double[] anees = new double[STEPS];
    double[] anis = new double[STEPS];
    for (int r = 0; r < RUNS; r++) {
      var truth = new GlucoseScenario(1000 + r, Double.NaN);
      StateEstimator f = factory.apply(GlucoseScenario.setup());
      for (int k = 0; k < STEPS; k++) {
        double t = 30.0 * (k + 1);
        f.predict(t, GlucoseScenario.rates(f.timeMin()));
        truth.advanceTo(t);
        var out = f.update(truth.measure("g" + k), Double.POSITIVE_INFINITY);
        Estimate e = f.estimate();
        anees[k] += Consistency.nees(e.mean(), truth.truth(), e.covariance()) / RUNS;
        anis[k] += out.nis() / RUNS;
      }
    }
    return new Averages(anees, anis);
  }

  static void assertConsistent(Averages a, String name) {
    assertConsistent(a, name, true);
  }

  static void assertConsistent(Averages a, String name, boolean checkNees) {
    double[] neesBand = Consistency.averageBand(RUNS, 4, 0.95);
    double[] nisBand = Consistency.averageBand(RUNS, 1, 0.95);
    double meanNees = java.util.Arrays.stream(a.anees()).average().orElseThrow();
    double meanNis = java.util.Arrays.stream(a.anis()).average().orElseThrow();
    long neesInside = java.util.Arrays.stream(a.anees()).filter(v -> v >= neesBand[0] && v <= neesBand[1]).count();
    long nisInside = java.util.Arrays.stream(a.anis()).filter(v -> v >= nisBand[0] && v <= nisBand[1]).count();
    String report = String.format(java.util.Locale.ROOT,
        "%s: mean ANEES %.2f in [%.2f, %.2f] (%d/%d steps inside), mean ANIS %.2f in [%.2f, %.2f] (%d/%d inside); ANEES %s",
        name, meanNees, neesBand[0], neesBand[1], neesInside, STEPS, meanNis, nisBand[0], nisBand[1], nisInside, STEPS,
        java.util.Arrays.toString(java.util.Arrays.stream(a.anees()).map(v -> Math.round(v * 100) / 100.0).toArray()));
    assertThat(meanNis).as(report).isBetween(nisBand[0], nisBand[1]);
    // With 95% bands, about 1 step in 20 falls outside by chance; allow 4 of 24.
    assertThat(nisInside).as(report).isGreaterThanOrEqualTo(STEPS - 4);
    if (checkNees) {
      assertThat(meanNees).as(report).isBetween(neesBand[0], neesBand[1]);
      assertThat(neesInside).as(report).isGreaterThanOrEqualTo(STEPS - 4);
    }
  }

  @Test
  void unscentedFilterIsConsistent() {
    assertConsistent(run(s -> new UnscentedKalmanFilter(s, Propagators.forModel(s.model(), 1.0))), "UKF");
  }

  /**
   * The EKF's innovations are consistent, but its state error is not: right after insulin starts
   * (1.5-2 h) its linearisation of X·G is overconfident (run-averaged NEES about 13 against a band
   * of [3.3, 4.8]; see docs/estimation.md). This is why twins use the UKF; the test pins the
   * finding so a change that hides or worsens it is noticed.
   */
  @Test
  void extendedFilterHasConsistentInnovationsButIsOverconfidentInTheInsulinTransition() {
    Averages ekf = run(s -> new ExtendedKalmanFilter(s, Propagators.forModel(s.model(), 1.0)));
    assertConsistent(ekf, "EKF", false);
    Averages ukf = run(s -> new UnscentedKalmanFilter(s, Propagators.forModel(s.model(), 1.0)));
    double[] band = Consistency.averageBand(RUNS, 4, 0.95);
    double worstEkf = java.util.Arrays.stream(ekf.anees()).max().orElseThrow();
    double worstUkf = java.util.Arrays.stream(ukf.anees()).max().orElseThrow();
    assertThat(worstEkf).isGreaterThan(band[1]).isGreaterThan(worstUkf);
  }
}
