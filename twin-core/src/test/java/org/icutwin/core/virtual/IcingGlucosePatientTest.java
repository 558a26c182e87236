package org.icutwin.core.virtual;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.icutwin.core.catalog.BergmanInsulinModel;
import org.icutwin.core.catalog.ModelCatalog;
import org.icutwin.core.model.Covariates;
import org.icutwin.core.model.ParameterVectors;
import org.icutwin.core.simulation.DosingSchedule;
import org.icutwin.core.simulation.OdePropagator;
import org.icutwin.core.simulation.Simulator;
import org.junit.jupiter.api.Test;

/** The ICING-style glucose truth: direction of effects, physical range, SI(t), mismatch with the twin. */
class IcingGlucosePatientTest {
  static final List<GlucosePatientSpec> COHORT = GlucoseCohort.generate(40, 2024);

  @Test
  void insulinLowersTheTruthsGlucoseAndFeedRaisesIt() {
    for (GlucosePatientSpec spec : COHORT.subList(0, 10)) {
      var base = spec.create();
      var insulin = spec.create();
      var fed = spec.create();
      insulin.setRate("insulin_iv", 50.0); // 3 U/h
      fed.setRate("glucose_enteral", 0.7); // about 7.6 g/h carbohydrate
      for (var p : List.of(base, insulin, fed)) {
        p.advanceTo(6 * 60);
      }
      assertThat(insulin.trueValue("glucose")).isLessThan(base.trueValue("glucose") - 0.5);
      assertThat(fed.trueValue("glucose")).isGreaterThan(base.trueValue("glucose") + 0.5);
      assertThat(insulin.trueValue("plasma_insulin")).isGreaterThan(base.trueValue("plasma_insulin"));
    }
  }

  @Test
  void enteralGlucoseIsDelayedByTheGutAndFullyAbsorbed() {
    var p = COHORT.get(0).create();
    var direct = COHORT.get(0).create();
    double g0 = p.trueValue("glucose");
    p.setRate("glucose_enteral", 1.0);
    direct.setRate("glucose_parenteral", 1.0);
    p.advanceTo(15);
    direct.advanceTo(15);
    assertThat(p.trueValue("glucose") - g0).isLessThan(0.3 * (direct.trueValue("glucose") - g0));
    p.setRate("glucose_enteral", 0.0);
    p.advanceTo(24 * 60);
    assertThat(p.trueValue("gut_glucose")).isCloseTo(0.0, within(0.05)); // of 15 mmol given
  }

  @Test
  void dextroseBolusRaisesGlucoseByAmountOverVolume() {
    GlucosePatientSpec spec = COHORT.get(3);
    var p = spec.create();
    double before = p.trueValue("glucose");
    p.giveBolus("dextrose_bolus", 138.8); // 25 g of 50% dextrose
    assertThat(p.trueValue("glucose") - before).isCloseTo(138.8 / spec.parameters().vgL(), within(1e-9));
  }

  /** A crude hourly sliding scale (not a controller under test) keeps every patient in a living range. */
  @Test
  void glucoseStaysPhysiologicalUnderAPlausibleRegimenForThreeDays() {
    for (GlucosePatientSpec spec : COHORT) {
      var p = spec.start();
      for (int h = 1; h <= 72; h++) {
        double g = p.trueValue("glucose");
        p.setRate("insulin_iv", Math.min(Math.max(g - 7.0, 0.0) * 1000.0 / 60, 8000.0 / 60));
        for (int m = 1; m <= 60; m += 5) {
          p.advanceTo((h - 1) * 60 + m);
          assertThat(p.trueValue("glucose")).as(spec.id()).isBetween(1.5, 30.0);
          assertThat(java.util.Arrays.stream(p.state()).allMatch(v -> Double.isFinite(v) && v >= 0)).isTrue();
        }
      }
    }
  }

  @Test
  void sensitivityVariesAndRisesFromDayOneToDayTwoOnAverage() {
    double sumRatio = 0;
    int bigSwings = 0;
    for (GlucosePatientSpec spec : COHORT) {
      var path = spec.parameters().si().evaluator();
      double d1 = 0, d2 = 0, min = Double.MAX_VALUE, max = 0;
      for (int m = 0; m < 1440; m += 10) {
        d1 += path.at(m);
        d2 += path.at(m + 1440);
      }
      for (int m = 0; m < 72 * 60; m += 10) {
        min = Math.min(min, path.at(m));
        max = Math.max(max, path.at(m));
      }
      sumRatio += d2 / d1;
      assertThat(max / min).as("SI must vary in " + spec.id()).isGreaterThan(1.2);
      bigSwings += spec.parameters().si().swings().isEmpty() ? 0 : 1;
    }
    assertThat(sumRatio / COHORT.size()).isGreaterThan(1.15);
    assertThat(bigSwings).isBetween(5, 25);
  }

  @Test
  void someSwingsChangeSensitivityTwoToFiveFoldWithinTenHours() {
    double largest = 0;
    for (GlucosePatientSpec spec : COHORT) {
      var path = spec.parameters().si().evaluator();
      for (int t = 0; t + 600 <= 72 * 60; t += 30) {
        double a = path.at(t), b = path.at(t + 600);
        largest = Math.max(largest, Math.max(a / b, b / a));
      }
    }
    assertThat(largest).isBetween(2.0, 8.0);
  }

  @Test
  void trueParameterSiIsThePathAndBergmanSiIsProportionalAndInRange() {
    for (GlucosePatientSpec spec : COHORT) {
      var p = spec.create();
      var path = spec.parameters().si().evaluator();
      p.advanceTo(1000);
      assertThat(p.trueParameter("SI")).isEqualTo(path.at(1000));
      assertThat(p.trueEquivalentSI()).isEqualTo(p.trueParameter("SI_bergman")).isBetween(1e-5, 3e-3);
      assertThat(p.trueEquivalentSI() / p.trueSensitivity()).isBetween(0.2, 0.8);
    }
  }

  /**
   * The twin's Bergman model, even given the truth's own SI mapped to its scale, mispredicts the
   * truth under a standard regimen: the mismatch is structural, not only a parameter offset.
   */
  @Test
  void bergmanTwinMispredictsTheTruthByAMeasurableAmount() {
    BergmanInsulinModel twin = ModelCatalog.bergmanMinimal();
    var sim = new Simulator(OdePropagator.rk4(1.0));
    double[] times = new double[24];
    for (int k = 0; k < times.length; k++) {
      times[k] = 30 + 60 * k;
    }
    var regimen = DosingSchedule.empty().rate(0, "glucose_enteral", 0.6).rate(0, "insulin_iv", 2000.0 / 60)
        .rate(12 * 60, "glucose_enteral", 0.0);
    int mispredicted = 0;
    for (GlucosePatientSpec spec : COHORT.subList(0, 20)) {
      var truth = spec.create();
      double[] theta = ParameterVectors.typical(twin, Covariates.none().weightKg(spec.weightKg()));
      theta[BergmanInsulinModel.P3] = truth.trueEquivalentSI() * theta[BergmanInsulinModel.P2];
      theta[BergmanInsulinModel.GB] = spec.initialGlucoseMmolPerL();
      double[] x0 = twin.initialState(theta);
      double[] predicted = sim.simulate(twin, theta, x0, 0, regimen, times).series(BergmanInsulinModel.G);
      truth.follow(regimen);
      double sq = 0;
      for (int k = 0; k < times.length; k++) {
        truth.advanceTo(times[k]);
        double e = predicted[k] - truth.trueValue("glucose");
        sq += e * e;
      }
      if (Math.sqrt(sq / times.length) > 1.0) { // mmol/L
        mispredicted++;
      }
    }
    assertThat(mispredicted).isGreaterThanOrEqualTo(10);
  }
}
