package org.icutwin.core.virtual;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The norepinephrine → MAP truth: delayed, saturating response; drifting baseline; tolerance. */
class NorepinephrinePatientTest {
  static final List<NorepinephrineCohort.Spec> COHORT = NorepinephrineCohort.generate(30, 99);

  /** MAP rise over the untreated baseline, which a twin patient without drug reports. */
  static double rise(NorepinephrineCohort.Spec spec, double rateUgPerMin, double atMin) {
    var treated = spec.create();
    var untreated = spec.create();
    treated.setRate("infusion", rateUgPerMin);
    treated.advanceTo(atMin);
    untreated.advanceTo(atMin);
    return treated.trueValue("map") - untreated.trueValue("map");
  }

  @Test
  void untreatedMapIsTheDriftingBaseline() {
    var p = COHORT.get(0).create();
    p.advanceTo(90);
    assertThat(p.trueValue("map")).isCloseTo(p.trueParameter("MAP0"), within(1e-9));
  }

  @Test
  void mapRespondsToNorepinephrineWithADelay() {
    int responders = 0;
    for (var spec : COHORT) {
      double dose = 0.1 * spec.weightKg(); // 0.1 µg/kg/min
      double after1 = rise(spec, dose, 1);
      double after30 = rise(spec, dose, 30);
      responders += after30 > 5.0 ? 1 : 0;
      assertThat(after30).as(spec.id()).isPositive();
      assertThat(after1).as("effect-site delay in " + spec.id()).isLessThan(0.25 * after30);
    }
    // most respond to a usual dose; a few are refractory (high EC50, steep sigmoid), as in real shock
    assertThat(responders).isBetween(COHORT.size() * 2 / 3, COHORT.size() - 1);
  }

  @Test
  void mapResponseSaturatesAtHighDoses() {
    for (var spec : COHORT) {
      double emax = spec.parameters().emaxMmHg();
      double high = rise(spec, 3.0 * spec.weightKg(), 60);
      double higher = rise(spec, 6.0 * spec.weightKg(), 60);
      assertThat(higher).isLessThanOrEqualTo(emax + 1e-9);
      assertThat(higher - high).as(spec.id()).isLessThan(0.15 * emax);
    }
  }

  @Test
  void effectIsSigmoidNotHyperbolic() {
    long sigmoid = COHORT.stream().filter(s -> s.parameters().gamma() > 1.2).count();
    assertThat(sigmoid).isGreaterThan(COHORT.size() / 2);
  }

  @Test
  void toleranceRaisesEc50UnderAConstantInfusion() {
    var spec = COHORT.stream().filter(s -> s.parameters().toleranceGain() > 0.4).findFirst().orElseThrow();
    var p = spec.create();
    p.setRate("infusion", 0.2 * spec.weightKg());
    p.advanceTo(30);
    double early = p.trueParameter("EC50");
    p.advanceTo(12 * 60);
    assertThat(p.trueParameter("EC50")).isGreaterThan(1.2 * early);
  }

  @Test
  void shockBaselineWorsensThenResolves() {
    int resolved = 0;
    for (var spec : COHORT) {
      var b = spec.parameters().baseline();
      assertThat(b.shock(b.nadirMin())).isCloseTo(1.0, within(1e-12));
      var p = spec.create();
      double start = p.trueParameter("MAP0");
      p.advanceTo(b.nadirMin());
      double nadir = p.trueParameter("MAP0");
      p.advanceTo(48 * 60);
      double late = p.trueParameter("MAP0");
      if (nadir < start && late > nadir) {
        resolved++;
      }
    }
    assertThat(resolved).isGreaterThan(COHORT.size() * 2 / 3);
  }

  @Test
  void concentrationsStayNonNegativeAndClearanceFallsInShock() {
    var spec = COHORT.get(5);
    var p = spec.create();
    double cl0 = p.trueParameter("CL");
    p.setRate("infusion", 10);
    p.advanceTo(spec.parameters().baseline().nadirMin());
    assertThat(p.trueParameter("CL")).isCloseTo(cl0 * (1 - spec.parameters().clShockDrop()), within(1e-9));
    double atStop = p.trueValue("concentration");
    p.setRate("infusion", 0);
    p.advanceTo(p.timeMin() + 600);
    assertThat(p.trueValue("concentration")).isBetween(0.0, 0.01 * atStop);
    assertThat(p.trueValue("concentration_effect")).isGreaterThanOrEqualTo(0.0);
  }
}
