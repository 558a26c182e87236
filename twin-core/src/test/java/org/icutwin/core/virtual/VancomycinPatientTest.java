package org.icutwin.core.virtual;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.icutwin.core.simulation.DosingSchedule;
import org.junit.jupiter.api.Test;

/** The three-compartment vancomycin truth: AUC, mass balance, clearance drift, cohort variability. */
class VancomycinPatientTest {

  static VancomycinParameters stable70kg() {
    return new VancomycinParameters(0.075, 0.8, 58.4, 6.5 / 60, 38.4, 1.2 / 60, 21, RenalTrajectory.stable(120));
  }

  static DosingSchedule q12h(double doseMg, int days) {
    DosingSchedule s = DosingSchedule.empty();
    for (int k = 0; k < 2 * days; k++) {
      s = s.infusion(720.0 * k, "infusion", doseMg, 60);
    }
    return s;
  }

  /** At steady state ∫C dt over a dosing day = daily dose / CL (mass balance of a linear system). */
  @Test
  void steadyStateAuc24EqualsDailyDoseOverClearance() {
    var p = new VancomycinPatient("v", stable70kg());
    p.follow(q12h(1000, 21));
    p.advanceTo(20 * 1440);
    double clLPerH = 0.075 * 60;
    assertThat(p.trueAuc24(20 * 1440)).isCloseTo(2000 / clLPerH, within(2000 / clLPerH * 1e-3));
  }

  @Test
  void givenEqualsAmountInBodyPlusEliminated() {
    var spec = VancomycinCohort.generate(3, 5).get(1);
    var p = spec.create();
    p.follow(q12h(1250, 3));
    p.giveBolus("bolus", 500);
    for (double t : new double[] {30, 61, 700, 2000, 4320}) {
      p.advanceTo(t);
      double given = 500 + 1250 * Math.min(6, Math.floor(t / 720)) + Math.min(t % 720, 60) / 60 * 1250;
      assertThat(p.trueValue("amount_in_body") + p.trueValue("amount_eliminated"))
          .isCloseTo(given, within(given * 1e-7));
      assertThat(p.trueValue("concentration")).isGreaterThanOrEqualTo(0.0);
    }
  }

  @Test
  void aucOverAnyWindowAddsUp() {
    var p = new VancomycinPatient("v", stable70kg());
    p.follow(q12h(1000, 2));
    p.advanceTo(2880);
    assertThat(p.trueAuc(0, 1000) + p.trueAuc(1000, 2880)).isCloseTo(p.trueAuc(0, 2880), within(1e-9));
    assertThat(p.trueAuc(500, 500)).isZero();
  }

  @Test
  void clearanceFollowsAWorseningCreatinineClearance() {
    var renal = new RenalTrajectory(100, 0.4, 1440, 1440, 0.0, 1.0, 3L);
    var base = stable70kg();
    var p = new VancomycinPatient("aki", new VancomycinParameters(base.clLPerMin(), 0.8, base.v1L(), base.q2LPerMin(),
        base.v2L(), base.q3LPerMin(), base.v3L(), renal));
    double cl0 = p.trueParameter("CL");
    p.advanceTo(2160);
    assertThat(p.trueParameter("CrCL")).isCloseTo(70, within(1e-9)); // halfway along the smoothstep
    p.advanceTo(4 * 1440);
    assertThat(p.trueParameter("CrCL")).isCloseTo(40, within(1e-9));
    assertThat(p.trueParameter("CL") / cl0).isCloseTo(Math.pow(0.4, 0.8), within(1e-12));
  }

  @Test
  void cohortHasThePublishedInterIndividualVariability() {
    List<VancomycinCohort.Spec> cohort = VancomycinCohort.generate(600, 11);
    double[] etaCl = new double[cohort.size()];
    double[] etaV1 = new double[cohort.size()];
    for (int i = 0; i < etaCl.length; i++) {
      var s = cohort.get(i);
      assertThat(s.weightKg()).isBetween(50.0, 120.0);
      assertThat(s.baselineCrclMlPerMin()).isBetween(15.0, 250.0);
      etaCl[i] = Math.log(s.parameters().clLPerMin() / (0.075 * Math.pow(s.baselineCrclMlPerMin() / 120, 0.8)));
      etaV1[i] = Math.log(s.parameters().v1L() / (58.4 * s.weightKg() / 70));
    }
    assertThat(sd(etaCl)).isCloseTo(VancomycinCohort.omega(0.398), within(0.04));
    assertThat(sd(etaV1)).isCloseTo(VancomycinCohort.omega(0.816), within(0.07));
    long changing = cohort.stream().filter(s -> s.parameters().renal().ratio() != 1.0).count();
    assertThat(changing).isBetween(cohort.size() / 3L, cohort.size() * 2L / 3);
  }

  static double sd(double[] v) {
    double m = 0, s = 0;
    for (double x : v) {
      m += x / v.length;
    }
    for (double x : v) {
      s += (x - m) * (x - m) / (v.length - 1);
    }
    return Math.sqrt(s);
  }
}
