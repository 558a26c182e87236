package org.icutwin.control.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.icutwin.core.model.Covariate;
import org.icutwin.core.model.Covariates;
import org.icutwin.core.virtual.GlucoseCohort;
import org.icutwin.core.virtual.GlucosePatientSpec;
import org.junit.jupiter.api.Test;

/** What-if regimens: intermittent vancomycin doses, their agreement with the proposal, limits and wrong forms. */
class WhatIfRegimensTest {

  static final Instant ADMITTED = PatientTwinTest.ADMITTED;

  static PatientTwin vancomycin() {
    Covariates cov = Covariates.none().weightKg(80).creatinineClearanceMlPerMin(60)
        .with(Covariate.HAEMODIALYSIS, false);
    return PatientTwin.create(new TwinSpec("v", TwinKind.VANCOMYCIN, "adult-icu", cov, ADMITTED,
        OptionalDouble.empty(), Optional.empty()), PatientTwinTest.LIBRARY);
  }

  /** A loading dose of 2000 mg over 2 h, then a level of 18 mg/L 4 h after its start. */
  static PatientTwin vancomycinWithALevel() {
    PatientTwin twin = vancomycin();
    twin.administer(new TwinDose("load", ADMITTED, "vancomycin", false, 1000, "mg/h"));
    twin.administer(new TwinDose("load-stop", ADMITTED.plus(Duration.ofHours(2)), "vancomycin", false, 0, "mg/h"));
    twin.observe(new TwinObservation("lvl1", ADMITTED.plus(Duration.ofHours(4)), "vancomycin", "lab", 18, false));
    return twin;
  }

  static WhatIf.Regimen doses(String name, double loading, double dose, double interval, Instant first) {
    return doses(name, loading, dose, interval, OptionalDouble.empty(), first);
  }

  static WhatIf.Regimen doses(String name, double loading, double dose, double interval, OptionalDouble infusionH,
      Instant first) {
    return new WhatIf.Regimen(name, List.of(), Optional.of(new WhatIf.Doses(
        loading > 0 ? OptionalDouble.of(loading) : OptionalDouble.empty(), dose, interval, infusionH,
        Optional.ofNullable(first))));
  }

  @Test
  void theProposalsOwnRegimenAsAWhatIfGivesTheProposalsAucForecasts() {
    // A priori at admission (the proposal has a loading dose), and personalised from a level.
    for (int c = 0; c < 2; c++) {
      PatientTwin twin = c == 0 ? vancomycin() : vancomycinWithALevel();
      Instant now = c == 0 ? ADMITTED : ADMITTED.plus(Duration.ofHours(5));
      ProposalDraft p = twin.recommend(now);
      ProposalDraft.Regimen g = p.regimen().orElseThrow();
      var asked = new WhatIf.Regimen("proposal", List.of(), Optional.of(new WhatIf.Doses(g.loadingDoseMg(), g.doseMg(),
          g.intervalH(), OptionalDouble.of(g.infusionH()), Optional.of(g.firstDoseAt()))));
      WhatIf.Outcome o = twin.whatIf(now, List.of(asked), Duration.ofHours(24)).get(0);
      assertThat(o.auc24()).hasSameSizeAs(p.underProposal());
      for (int w = 0; w < o.auc24().size(); w++) {
        PredictionPoint f = p.underProposal().get(w);
        WhatIf.AucWindow a = o.auc24().get(w);
        assertThat(a.start()).isEqualTo(f.time());
        assertThat(a.auc24()).isCloseTo(f.mean(), within(1e-9 * f.mean()));
        assertThat(a.lower90()).isCloseTo(f.lower90(), within(1e-9 * f.mean()));
        assertThat(a.upper90()).isCloseTo(f.upper90(), within(1e-9 * f.mean()));
        assertThat(a.probabilityInBand() + a.probabilityBelowBand()).isLessThanOrEqualTo(1 + 1e-12);
      }
      assertThat(o.hardLimitBreaches()).isEmpty();
      assertThat(o.band()).hasSize(48).allSatisfy(b -> {
        assertThat(b.lower90()).isLessThanOrEqualTo(b.mean());
        assertThat(b.mean()).isLessThanOrEqualTo(b.upper90());
        assertThat(b.lower90()).isGreaterThanOrEqualTo(0);
      });
    }
  }

  @Test
  void moreVancomycinGivesMoreExposureOnTheSameDrawsAndIdenticalRegimensIdenticalNumbers() {
    PatientTwin twin = vancomycinWithALevel();
    Instant now = ADMITTED.plus(Duration.ofHours(5));
    Instant next = ADMITTED.plus(Duration.ofHours(12));
    OptionalDouble twoHours = OptionalDouble.of(2);
    var out = twin.whatIf(now, List.of(doses("1000 q12h", 0, 1000, 12, twoHours, next),
        doses("1500 q12h", 0, 1500, 12, twoHours, next), doses("same again", 0, 1000, 12, twoHours, next),
        doses("500 q12h", 0, 500, 12, twoHours, next)), Duration.ofHours(36));
    assertThat(out).extracting(WhatIf.Outcome::name)
        .containsExactly("1000 q12h", "1500 q12h", "same again", "500 q12h");
    for (int w = 0; w < 2; w++) {
      assertThat(out.get(1).auc24().get(w).auc24()).isGreaterThan(out.get(0).auc24().get(w).auc24());
      assertThat(out.get(1).auc24().get(w).upper90()).isGreaterThan(out.get(0).auc24().get(w).upper90());
      assertThat(out.get(1).auc24().get(w).probabilityAboveToxic())
          .isGreaterThanOrEqualTo(out.get(0).auc24().get(w).probabilityAboveToxic());
    }
    // Before the next dose both regimens share the past: the same concentrations to the last digit.
    var before = out.get(0).band().get(0);
    assertThat(out.get(1).band().get(0)).isEqualTo(before);
    assertThat(before.time()).isEqualTo(now.plus(Duration.ofMinutes(30)));
    int last = out.get(0).band().size() - 1;
    assertThat(out.get(1).band().get(last).mean()).isGreaterThan(out.get(0).band().get(last).mean());
    // Linear PK: at the point estimate each 500 mg of maintenance (same infusion time) adds the same AUC.
    for (int w = 0; w < 2; w++) {
      double a500 = out.get(3).auc24().get(w).auc24();
      double a1000 = out.get(0).auc24().get(w).auc24();
      double a1500 = out.get(1).auc24().get(w).auc24();
      assertThat(a1500 - a1000).isCloseTo(a1000 - a500, within(1e-9 * a1500));
    }
    assertThat(out.get(2)).usingRecursiveComparison().ignoringFields("name").isEqualTo(out.get(0));
    assertThat(before.mean()).isPositive();
  }

  @Test
  void aRegimenBeyondAHardLimitIsAnsweredWithTheBreachStated() {
    PatientTwin twin = vancomycinWithALevel();
    Instant now = ADMITTED.plus(Duration.ofHours(5));
    var out = twin.whatIf(now, List.of(doses("4000 q8h", 0, 4000, 8, null), doses("1000 q12h", 0, 1000, 12, null)),
        Duration.ofHours(12));
    // 24 h from 1 h after admission: the last 1000 mg of the 2000 mg loading infusion and 3 x 4000 mg.
    assertThat(out.get(0).hardLimitBreaches()).anySatisfy(b -> assertThat(b).startsWith("4000 mg in one dose > max 3500 mg ("))
        .anySatisfy(b -> assertThat(b).startsWith("50.0 mg/kg in one dose > max 35.0 mg/kg ("))
        .anySatisfy(b -> assertThat(b).isEqualTo("up to 13000 mg in 24 h > max 6000 mg")).hasSize(3);
    assertThat(out.get(1).hardLimitBreaches()).isEmpty();
    // 4000 mg at the library's 1000 mg/h takes 4 h: the default infusion time follows the rate cap.
    assertThat(out.get(0).hardLimitBreaches()).noneSatisfy(b -> assertThat(b).contains("mg/h"));
  }

  @Test
  void wrongFormsAreRefusedWithTheirReason() {
    PatientTwin vanco = vancomycinWithALevel();
    Instant now = ADMITTED.plus(Duration.ofHours(5));
    assertThatThrownBy(() -> vanco.whatIf(now, List.of(new WhatIf.Regimen("rate", List.of(new WhatIf.Step(now, 100)))),
        Duration.ofHours(6))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("doseMg and intervalH");
    assertThatThrownBy(() -> vanco.whatIf(now, List.of(doses("past", 0, 1000, 12, ADMITTED)), Duration.ofHours(6)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("before the question's time");
    assertThatThrownBy(() -> vanco.whatIf(now, List.of(doses("slow", 0, 3000, 2, null)), Duration.ofHours(6)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not shorter than the 2.0 h interval");
    assertThatThrownBy(() -> new WhatIf.Regimen("both", List.of(new WhatIf.Step(now, 1)), Optional.of(
        new WhatIf.Doses(OptionalDouble.empty(), 1000, 12, OptionalDouble.empty(), Optional.empty()))))
        .hasMessageContaining("both rate steps and intermittent doses");
    assertThatThrownBy(() -> new WhatIf.Doses(OptionalDouble.empty(), Double.NaN, 12, OptionalDouble.empty(),
        Optional.empty())).hasMessageContaining("dose must be finite");
    assertThatThrownBy(() -> new WhatIf.Doses(OptionalDouble.empty(), 1000, 12, OptionalDouble.of(12),
        Optional.empty())).hasMessageContaining("shorter than the interval");

    GlucosePatientSpec spec = GlucoseCohort.generate(3, 11).get(0);
    PatientTwin insulin = PatientTwinTest.fed(spec, PatientTwinTest.icingStay(spec, 6, 5));
    Instant t = ADMITTED.plus(Duration.ofHours(6));
    assertThatThrownBy(() -> insulin.whatIf(t, List.of(doses("bolus", 0, 10, 6, null)), Duration.ofHours(4)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is an infusion");
    var over = insulin.whatIf(t, List.of(new WhatIf.Regimen("too much", List.of(new WhatIf.Step(t, 40.0))),
        new WhatIf.Regimen("usual", List.of(new WhatIf.Step(t, 4.0)))), Duration.ofHours(2));
    assertThat(over.get(0).hardLimitBreaches()).singleElement().asString().contains("> hard max 30.0 [iU]/h");
    assertThat(over.get(1).hardLimitBreaches()).isEmpty();
    assertThat(over.get(0).auc24()).isEmpty();
  }
}
