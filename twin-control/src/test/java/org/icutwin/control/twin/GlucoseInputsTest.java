package org.icutwin.control.twin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.icutwin.core.units.Quantity;
import org.icutwin.core.virtual.GlucoseCohort;
import org.icutwin.core.virtual.GlucosePatientSpec;
import org.junit.jupiter.api.Test;

/** Feeds and dextrose as the glucose twin's inputs: what it takes, in what units, and what it counts once. */
class GlucoseInputsTest {

  static final Instant ADMITTED = PatientTwinTest.ADMITTED;
  static final GlucosePatientSpec SPEC = GlucoseCohort.generate(3, 11).get(0);

  static PatientTwin twin() {
    return PatientTwinTest.fed(SPEC, PatientTwinTest.icingStay(SPEC, 6, 5));
  }

  static double glucoseIn2h(PatientTwin twin, Instant now) {
    List<PredictionPoint> f = twin.forecast(now, Duration.ofHours(2));
    return f.get(f.size() - 1).mean();
  }

  @Test
  void aFeedOrDextroseRaisesTheForecastAndTheControllerPlansWithIt() {
    Instant now = ADMITTED.plus(Duration.ofHours(6));
    PatientTwin unfed = twin();
    PatientTwin fed = twin();
    PatientTwin dextrose = twin();
    // 18.016 g/h of glucose is 100 mmol/h.
    assertThat(fed.administer(new TwinDose("feed1", now, "enteral-nutrition", false, 18.016, "g/h")).applied())
        .isTrue();
    assertThat(dextrose.administer(new TwinDose("d10", now, "dextrose", false, 18.016, "g/h")).applied()).isTrue();
    double without = glucoseIn2h(unfed, now);
    double withFeed = glucoseIn2h(fed, now);
    assertThat(withFeed).isGreaterThan(without + 0.5);
    // The twin's Bergman model has no gut compartment (docs/models.md): the same glucose per hour
    // enterally or intravenously is the same appearance.
    assertThat(glucoseIn2h(dextrose, now)).isCloseTo(withFeed, org.assertj.core.api.Assertions.within(1e-9));
    // With the feed known, the controller asks for at least as much insulin.
    double insulinFed = fed.recommend(now).plan().get(0).rate();
    double insulinUnfed = unfed.recommend(now).plan().get(0).rate();
    assertThat(insulinFed).isGreaterThanOrEqualTo(insulinUnfed);
    // A feed stopped after a minute leaves only that minute's glucose in the forecast.
    Instant later = now.plus(Duration.ofMinutes(1));
    assertThat(fed.administer(new TwinDose("feed-stop", later, "enteral-nutrition", false, 0, "g/h")).applied())
        .isTrue();
    assertThat(glucoseIn2h(fed, later) - glucoseIn2h(unfed, later)).isPositive().isLessThan((withFeed - without) / 10);
  }

  @Test
  void aDextroseBolusCountsOnceWhenItDocumentsAnAcceptedRescue() {
    Instant now = ADMITTED.plus(Duration.ofHours(6));
    PatientTwin plain = twin();
    PatientTwin bolus = twin();
    assertThat(bolus.administer(new TwinDose("d50", now, "dextrose", true, 12.5, "g")).applied()).isTrue();
    assertThat(glucoseIn2h(bolus, now)).isGreaterThan(glucoseIn2h(plain, now) + 0.2);

    PatientTwin rescued = twin();
    rescued.accepted(rescue(now, 69.4)); // 12.5 g of glucose as mmol
    ItemResult documented = rescued.administer(new TwinDose("d50-doc", now.plus(Duration.ofMinutes(5)), "dextrose",
        true, 12.5, "g"));
    assertThat(documented.applied()).isFalse();
    assertThat(documented.reason()).isEqualTo("RESCUE_ALREADY_COUNTED");
    // The rescue counted once: the same forecast as the bolus given straight away.
    assertThat(glucoseIn2h(rescued, now.plus(Duration.ofMinutes(5))))
        .isCloseTo(glucoseIn2h(bolus, now.plus(Duration.ofMinutes(5))), org.assertj.core.api.Assertions.within(0.02));
    // A second bolus is a new one, also after the twin was saved and restored.
    PatientTwin restored = PatientTwin.restore(rescued.spec(), PatientTwinTest.LIBRARY, rescued.exportState());
    ItemResult second = restored.administer(new TwinDose("d50-2", now.plus(Duration.ofMinutes(10)), "dextrose", true,
        12.5, "g"));
    assertThat(second.applied()).as(second.detail()).isTrue();
  }

  @Test
  void whatIsNotAGlucoseInputForThisTwinIsRecordedNotApplied() {
    Instant now = ADMITTED.plus(Duration.ofHours(6));
    ItemResult feedBolus = twin().administer(new TwinDose("f", now, "enteral-nutrition", true, 10, "g"));
    assertThat(feedBolus.applied()).isFalse();
    assertThat(feedBolus.reason()).isEqualTo("NOT_A_BOLUS");
    ItemResult early = twin().administer(new TwinDose("e", ADMITTED.minus(Duration.ofHours(1)), "dextrose", false, 5,
        "g/h"));
    assertThat(early.reason()).isEqualTo("BEFORE_ADMISSION");
    PatientTwin map = PatientTwin.create(new TwinSpec("m", TwinKind.NOREPINEPHRINE_MAP, "adult-icu",
        org.icutwin.core.model.Covariates.none().weightKg(70), ADMITTED, OptionalDouble.of(60), Optional.empty()),
        PatientTwinTest.LIBRARY);
    assertThat(map.administer(new TwinDose("d", now, "dextrose", false, 5, "g/h")).reason()).isEqualTo("OTHER_DRUG");
  }

  static ProposalDraft rescue(Instant at, double mmol) {
    return new ProposalDraft("insulin", "adult-icu", ProposalDraft.Kind.RATE, Optional.of(new Quantity(0, "[iU]/h")),
        Optional.of(new Quantity(0, "[iU]/h")), Optional.empty(), List.of(), at, at.plus(Duration.ofMinutes(15)),
        "PASSED", false, List.of("HYPO_RESCUE"), List.of(), OptionalDouble.of(mmol), at.plus(Duration.ofMinutes(15)),
        "glucose", "mmol/L", List.of(), List.of(), "bergman-insulin", Map.of());
  }
}
