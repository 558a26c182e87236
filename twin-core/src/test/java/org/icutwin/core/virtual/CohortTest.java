package org.icutwin.core.virtual;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Cohort generators: reproducible from a seed, covariates in range, diverse. */
class CohortTest {

  @Test
  void sameSeedGivesTheSameCohortAndAnotherSeedAnother() {
    assertThat(GlucoseCohort.generate(20, 3)).isEqualTo(GlucoseCohort.generate(20, 3))
        .isNotEqualTo(GlucoseCohort.generate(20, 4));
    assertThat(NorepinephrineCohort.generate(20, 3)).isEqualTo(NorepinephrineCohort.generate(20, 3))
        .isNotEqualTo(NorepinephrineCohort.generate(20, 4));
    assertThat(VancomycinCohort.generate(20, 3)).isEqualTo(VancomycinCohort.generate(20, 3))
        .isNotEqualTo(VancomycinCohort.generate(20, 4));
  }

  @Test
  void glucoseCohortCoversTheIcuRangeOfSensitivityAndNutrition() {
    List<GlucosePatientSpec> cohort = GlucoseCohort.generate(300, 8);
    assertThat(cohort).allSatisfy(s -> assertThat(s.weightKg()).isBetween(50.0, 120.0));
    double[] si = cohort.stream().mapToDouble(s -> s.parameters().si().typical()).sorted().toArray();
    assertThat(si[(int) (0.05 * si.length)]).isBetween(5e-5, 1.5e-4);
    assertThat(si[(int) (0.95 * si.length)]).isBetween(5e-4, 2e-3);
    long diabetic = cohort.stream().filter(GlucosePatientSpec::diabetic).count();
    assertThat(diabetic).isBetween(50L, 100L);
    long interrupted = cohort.stream().filter(s -> s.nutrition().events().stream()
        .anyMatch(e -> e.channel().equals("glucose_enteral") && e.timeMin() > 0)).count();
    assertThat(interrupted).isBetween(100L, 250L);
    long parenteral = cohort.stream().filter(s -> s.nutrition().events().stream()
        .anyMatch(e -> e.channel().equals("glucose_parenteral"))).count();
    assertThat(parenteral).isBetween(20L, 80L);
  }

  @Test
  void patientsCreatedFromOneSpecAreIndependentButIdentical() {
    GlucosePatientSpec spec = GlucoseCohort.generate(1, 9).get(0);
    var a = spec.start();
    var b = spec.start();
    a.setRate("insulin_iv", 100);
    a.advanceTo(600);
    b.advanceTo(600);
    var c = spec.start();
    c.setRate("insulin_iv", 100);
    c.advanceTo(600);
    assertThat(a.trueValue("glucose")).isLessThan(b.trueValue("glucose")).isEqualTo(c.trueValue("glucose"));
  }
}
