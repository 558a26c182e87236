package org.icutwin.control.whatif;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.icutwin.core.catalog.BergmanInsulinModel;
import org.icutwin.core.catalog.ModelCatalog;
import org.icutwin.core.model.Covariates;
import org.icutwin.core.model.ParameterVectors;
import org.icutwin.core.simulation.DosingSchedule;
import org.icutwin.core.simulation.OdePropagator;
import org.icutwin.core.simulation.Simulator;
import org.icutwin.estimation.filter.Estimate;
import org.icutwin.estimation.filter.EstimatedParameter;
import org.icutwin.estimation.filter.EstimationSetup;
import org.icutwin.estimation.filter.Propagators;
import org.icutwin.estimation.filter.UnscentedKalmanFilter;
import org.junit.jupiter.api.Test;

/** What-if on the Bergman glucose model: common random numbers, ordering, reproducibility, errors. */
class WhatIfSimulatorTest {
  static final BergmanInsulinModel MODEL = ModelCatalog.bergmanMinimal();
  static final double[] THETA = ParameterVectors.typical(MODEL, Covariates.none().weightKg(75));
  static final double T0 = 600;
  static final double[] TIMES = {600, 630, 660, 720, 780, 840, 960};
  static final double[] RATES = {30, 0.45, 0, 0}; // insulin 30 mU/min (1.8 U/h), enteral glucose 0.45 mmol/min
  static final OutcomeSpec BAND = new OutcomeSpec(6, 10, 4);

  /** A posterior like a UKF's after some hours: glucose 9 ± 1 mmol/L, p3 ± 30%, G and log p3 correlated. */
  static Estimate posterior(double scale) {
    double logP3 = Math.log(THETA[BergmanInsulinModel.P3]);
    double[] sd = {1.0 * scale, 0.002 * scale, 5 * scale, 0.3 * scale};
    double[][] c = new double[4][4];
    for (int i = 0; i < 4; i++) {
      c[i][i] = sd[i] * sd[i];
    }
    c[0][3] = c[3][0] = 0.4 * sd[0] * sd[3];
    return new Estimate(T0, List.of("G", "X", "I", "log p3"), new double[] {9, 0.001, 20, logP3}, c);
  }

  static WhatIfSimulator simulator() {
    return new WhatIfSimulator(MODEL, THETA, Propagators.forModel(MODEL, 1.0));
  }

  static Alternative insulinFromNow(String name, double mUPerMin) {
    return new Alternative(name, DosingSchedule.empty().rate(T0, "insulin_iv", mUPerMin));
  }

  static WhatIfRequest request(List<Alternative> alternatives, long seed) {
    return new WhatIfRequest(RATES, alternatives, "glucose", TIMES, BAND, 200, seed);
  }

  @Test
  void identicalRegimensDifferByExactlyZero() {
    WhatIfResult r = simulator().run(posterior(1), request(List.of(insulinFromNow("a", 50), insulinFromNow("b", 50)), 7));
    assertThat(r.alternative("a").values()).isDeepEqualTo(r.alternative("b").values());
    for (int k = 0; k < TIMES.length; k++) {
      assertThat(r.pairedDifferencePercentile("a", "b", k, 5)).isZero();
      assertThat(r.pairedDifferencePercentile("a", "b", k, 95)).isZero();
    }
  }

  @Test
  void moreInsulinLowersTheMedianGlucoseAtEveryLaterTime() {
    List<Alternative> doses = List.of(insulinFromNow("0", 0), insulinFromNow("30", 30), insulinFromNow("60", 60),
        insulinFromNow("90", 90));
    WhatIfResult r = simulator().run(posterior(1), request(doses, 11));
    for (int k = 0; k < TIMES.length; k++) {
      for (int a = 1; a < doses.size(); a++) {
        double less = r.alternatives().get(a - 1).median(k);
        double more = r.alternatives().get(a).median(k);
        if (k == 0) {
          assertThat(more).isEqualTo(less); // nothing has happened yet at t0
        } else {
          assertThat(more).as("t=%s, %s vs %s mU/min", TIMES[k], doses.get(a).name(), doses.get(a - 1).name())
              .isLessThan(less);
        }
      }
    }
    // Common random numbers: on every single draw, more insulin means lower glucose.
    double[][] v30 = r.alternative("30").values();
    double[][] v60 = r.alternative("60").values();
    int last = TIMES.length - 1;
    for (int s = 0; s < v30.length; s++) {
      assertThat(v60[s][last]).isLessThan(v30[s][last]);
    }
    assertThat(r.alternative("90").summary().probabilityBelowThreshold())
        .isGreaterThanOrEqualTo(r.alternative("0").summary().probabilityBelowThreshold());
  }

  @Test
  void closeRegimensGiveSmallSmoothPairedDifferences() {
    WhatIfResult r = simulator().run(posterior(1), request(List.of(insulinFromNow("40", 40), insulinFromNow("41", 41),
        insulinFromNow("42", 42)), 13));
    int last = TIMES.length - 1;
    double[][] a = r.alternative("40").values();
    double[][] b = r.alternative("41").values();
    double[][] c = r.alternative("42").values();
    for (int s = 0; s < a.length; s++) {
      for (int k = 1; k <= last; k++) {
        assertThat(b[s][k]).isLessThan(a[s][k]).isGreaterThan(a[s][k] - 0.2);
        // 1 mU/min more, twice: nearly the same effect each time (the response is smooth in the dose).
        assertThat((b[s][k] - c[s][k]) / (a[s][k] - b[s][k])).isBetween(0.9, 1.1);
      }
    }
    // The paired difference is far tighter than the spread of either regimen's outcome.
    double pairedSpread = r.pairedDifferencePercentile("40", "41", last, 95)
        - r.pairedDifferencePercentile("40", "41", last, 5);
    double outcomeSpread = r.alternative("40").percentile(4, last) - r.alternative("40").percentile(0, last);
    assertThat(pairedSpread).isLessThan(0.05 * outcomeSpread);
  }

  @Test
  void percentilesAreOrderedAndSummariesAreInRange() {
    WhatIfResult r = simulator().run(posterior(1), request(List.of(insulinFromNow("a", 40),
        new Alternative("bolus", DosingSchedule.empty().bolus(T0 + 30, "insulin_bolus", 2000)
            .rate(T0 + 30, "insulin_iv", 60))), 3));
    for (AlternativeResult a : r.alternatives()) {
      for (int k = 0; k < TIMES.length; k++) {
        for (int p = 1; p < WhatIfSimulator.PERCENTILES.length; p++) {
          assertThat(a.percentile(p, k)).isGreaterThanOrEqualTo(a.percentile(p - 1, k));
        }
      }
      OutcomeSummary s = a.summary();
      assertThat(s.meanFractionInBand()).isBetween(0.0, 1.0);
      assertThat(s.probabilityBelowThreshold()).isBetween(0.0, 1.0);
      double[] auc = s.aucPercentiles();
      for (int p = 1; p < auc.length; p++) {
        assertThat(auc[p]).isGreaterThanOrEqualTo(auc[p - 1]);
      }
      assertThat(auc[2]).isPositive();
    }
  }

  @Test
  void medianOfManyDrawsApproachesTheMeanPathWhenNearlyLinear() {
    Estimate narrow = posterior(0.02);
    WhatIfRequest req = new WhatIfRequest(RATES, List.of(insulinFromNow("a", 45)), "glucose", TIMES, BAND, 400, 5);
    WhatIfResult r = simulator().run(narrow, req);
    double[] meanTheta = THETA.clone();
    meanTheta[BergmanInsulinModel.P3] = Math.exp(narrow.mean(3));
    double[] x0 = {narrow.mean(0), narrow.mean(1), narrow.mean(2)};
    DosingSchedule plan = DosingSchedule.empty().rate(T0, "insulin_iv", 45).rate(T0, "glucose_enteral", 0.45);
    double[] meanPath = new Simulator(OdePropagator.rk4(1.0)).simulate(MODEL, meanTheta, x0, T0, plan, TIMES)
        .measurement(MODEL, meanTheta, "glucose");
    for (int k = 0; k < TIMES.length; k++) {
      assertThat(r.alternative("a").median(k)).isCloseTo(meanPath[k], within(0.01));
    }
  }

  @Test
  void sameSeedSameNumbersOtherSeedOtherNumbers() {
    var alts = List.of(insulinFromNow("a", 40));
    double[][] first = simulator().run(posterior(1), request(alts, 42)).alternative("a").values();
    double[][] again = simulator().run(posterior(1), request(alts, 42)).alternative("a").values();
    double[][] other = simulator().run(posterior(1), request(alts, 43)).alternative("a").values();
    assertThat(again).isDeepEqualTo(first);
    assertThat(other[0][3]).isNotEqualTo(first[0][3]);
  }

  @Test
  void samplerReproducesThePosteriorMomentsAndKeepsStatesInBounds() {
    Estimate e = posterior(1);
    List<PosteriorDraw> draws = PosteriorSampler.draw(e, MODEL, THETA, 20_000, 1);
    double meanG = 0;
    double meanLogP3 = 0;
    for (PosteriorDraw d : draws) {
      meanG += d.state()[0] / draws.size();
      meanLogP3 += Math.log(d.theta()[BergmanInsulinModel.P3]) / draws.size();
      assertThat(d.state()[0]).isGreaterThanOrEqualTo(0);
      assertThat(d.state()[2]).isGreaterThanOrEqualTo(0);
      assertThat(d.theta()[BergmanInsulinModel.P1]).isEqualTo(THETA[BergmanInsulinModel.P1]);
    }
    double cov = 0;
    for (PosteriorDraw d : draws) {
      cov += (d.state()[0] - meanG) * (Math.log(d.theta()[BergmanInsulinModel.P3]) - meanLogP3) / draws.size();
    }
    assertThat(meanG).isCloseTo(9.0, within(0.03));
    assertThat(meanLogP3).isCloseTo(e.mean(3), within(0.01));
    assertThat(cov).isCloseTo(e.covariance(0, 3), within(0.01));
  }

  @Test
  void worksFromARealFiltersEstimate() {
    EstimationSetup setup = new EstimationSetup(MODEL, THETA, List.of(EstimatedParameter.drifting("p3", 0.6, 0.3)),
        new double[] {9, 0, 10}, new double[] {1.5, 0.002, 5}, new double[] {0.02, 1e-4, 0.5}, 0);
    var ukf = new UnscentedKalmanFilter(setup, Propagators.forModel(MODEL, 1.0));
    ukf.predict(T0, RATES);
    WhatIfResult r = WhatIfSimulator.of(setup).run(ukf.estimate(),
        request(List.of(insulinFromNow("low", 20), insulinFromNow("high", 80)), 9));
    assertThat(r.alternative("high").median(TIMES.length - 1)).isLessThan(r.alternative("low").median(TIMES.length - 1));
  }

  @Test
  void unknownChannelsOutputsAndPastTimesAreRefused() {
    WhatIfSimulator sim = simulator();
    Estimate e = posterior(1);
    assertThatThrownBy(() -> sim.run(e, request(List.of(new Alternative("x",
        DosingSchedule.empty().rate(T0, "heparin_iv", 1))), 1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("heparin_iv").hasMessageContaining("insulin_iv");
    assertThatThrownBy(() -> sim.run(e, request(List.of(new Alternative("x",
        DosingSchedule.empty().bolus(T0, "insulin_iv", 1))), 1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bolus channel");
    assertThatThrownBy(() -> sim.run(e, request(List.of(new Alternative("past",
        DosingSchedule.empty().rate(T0 - 10, "insulin_iv", 10))), 1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("before the posterior");
    assertThatThrownBy(() -> sim.run(e, new WhatIfRequest(RATES, List.of(insulinFromNow("a", 1)), "glucose",
        new double[] {T0 - 5, T0 + 60}, BAND, 10, 1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("before the posterior");
    assertThatThrownBy(() -> sim.run(e, new WhatIfRequest(RATES, List.of(insulinFromNow("a", 1)), "lactate", TIMES,
        BAND, 10, 1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> sim.run(e, new WhatIfRequest(new double[] {30}, List.of(insulinFromNow("a", 1)), "glucose",
        TIMES, BAND, 10, 1))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rate inputs");
    assertThatThrownBy(() -> new WhatIfRequest(RATES, List.of(insulinFromNow("a", 1), insulinFromNow("a", 2)), "glucose",
        TIMES, BAND, 10, 1)).isInstanceOf(IllegalArgumentException.class);
  }
}
