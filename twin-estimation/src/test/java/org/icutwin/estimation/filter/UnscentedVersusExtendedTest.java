package org.icutwin.estimation.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The UKF's error is at most the EKF's on a strongly nonlinear scenario, and both converge on a
 * mild one. Error: root-mean-square over 30 seeded patients of the log-p3 (insulin sensitivity)
 * error and of the glucose error, after the last update.
 */
class UnscentedVersusExtendedTest {
  static final int PATIENTS = 30;

  /** [rms log-p3 error, rms glucose error] after {@code updates} measurements every {@code everyMin}. */
  static double[] rms(Function<EstimationSetup, StateEstimator> factory, double p3Factor, double everyMin, int updates) {
    double sp = 0;
    double sg = 0;
    for (int r = 0; r < PATIENTS; r++) {
      var truth = new GlucoseScenario(5000 + r, p3Factor * Math.exp(0.2 * new java.util.Random(r).nextGaussian()));
      StateEstimator f = factory.apply(GlucoseScenario.setup());
      for (int k = 1; k <= updates; k++) {
        double t = everyMin * k;
        GlucoseScenario.advance(f, truth, t);
        f.update(truth.measure("g" + k), Double.POSITIVE_INFINITY);
      }
      Estimate e = f.estimate();
      double dp = e.mean(3) - truth.truth()[3];
      double dg = e.mean(0) - truth.x[0];
      sp += dp * dp / PATIENTS;
      sg += dg * dg / PATIENTS;
    }
    return new double[] {Math.sqrt(sp), Math.sqrt(sg)};
  }

  static final Function<EstimationSetup, StateEstimator> UKF = s -> new UnscentedKalmanFilter(s, Propagators.forModel(s.model(), 1.0));
  static final Function<EstimationSetup, StateEstimator> EKF = s -> new ExtendedKalmanFilter(s, Propagators.forModel(s.model(), 1.0));

  /**
   * Truth 4× less, 3× or 6× more insulin-sensitive than the prior median (2.3, 1.8 and 3 prior SDs),
   * glucose only every 4 h, 12 h: the multiplicative terms X·G and exp(log p3) are far from linear
   * over the prior's spread.
   */
  @Test
  void unscentedErrorIsAtMostTheExtendedOnAStronglyNonlinearScenario() {
    var report = new StringBuilder();
    double ukfP = 0;
    double ekfP = 0;
    double ukfG = 0;
    double ekfG = 0;
    for (double factor : new double[] {0.25, 3.0, 6.0}) {
      double[] ukf = rms(UKF, factor, 240, 3);
      double[] ekf = rms(EKF, factor, 240, 3);
      report.append(String.format(java.util.Locale.ROOT, "x%.2f: log-p3 UKF %.3f EKF %.3f, glucose UKF %.3f EKF %.3f; ",
          factor, ukf[0], ekf[0], ukf[1], ekf[1]));
      assertThat(ukf[0]).as(report.toString()).isLessThanOrEqualTo(ekf[0]);
      ukfP += ukf[0];
      ekfP += ekf[0];
      ukfG += ukf[1];
      ekfG += ekf[1];
    }
    assertThat(ukfG).as(report.toString()).isLessThanOrEqualTo(ekfG);
    assertThat(ukfP).as(report.toString()).isLessThan(ekfP);
  }

  /** Truth 1.3× the prior, hourly glucose for 12 h: both find p3 within about 15% and glucose within 0.5 mmol/L. */
  @Test
  void bothConvergeOnAMildScenario() {
    for (var f : java.util.List.of(UKF, EKF)) {
      double[] e = rms(f, 1.3, 60, 12);
      assertThat(e[0]).as("rms log-p3 error").isLessThan(0.15);
      assertThat(e[1]).as("rms glucose error").isLessThan(0.5);
    }
  }
}
