package org.icutwin.control.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Random;
import org.icutwin.core.druglib.DrugLibrary;
import org.icutwin.core.model.Covariate;
import org.icutwin.core.model.Covariates;
import org.icutwin.core.virtual.GlucoseCohort;
import org.icutwin.core.virtual.GlucosePatientSpec;
import org.icutwin.core.virtual.IcingGlucosePatient;
import org.junit.jupiter.api.Test;

class PatientTwinTest {

  static final DrugLibrary LIBRARY = DrugLibrary.load(Path.of("../config/drug-library.json"));
  static final Instant ADMITTED = Instant.parse("2026-11-20T08:00:00Z");

  static TwinSpec glucoseSpec(double weight, double g0) {
    return new TwinSpec("p1", TwinKind.GLUCOSE_INSULIN, "adult-icu", Covariates.none().weightKg(weight), ADMITTED,
        OptionalDouble.of(g0), Optional.empty());
  }

  /** An ICING virtual patient (not the twin's model) on 2 U/h, sampled hourly with 4% lab error (seeded). */
  static List<TwinObservation> icingStay(GlucosePatientSpec spec, int hours, long seed) {
    IcingGlucosePatient patient = spec.start();
    patient.setRate("insulin_iv", 2000.0 / 60);
    Random rnd = new Random(seed);
    var out = new ArrayList<TwinObservation>();
    for (int h = 1; h <= hours; h++) {
      patient.advanceTo(h * 60.0);
      double g = patient.trueValue("glucose") * (1 + 0.04 * rnd.nextGaussian());
      out.add(new TwinObservation("bg" + h, ADMITTED.plus(Duration.ofHours(h)), "glucose", "lab", g, false));
    }
    return out;
  }

  static PatientTwin fed(GlucosePatientSpec spec, List<TwinObservation> obs) {
    PatientTwin twin = PatientTwin.create(glucoseSpec(spec.weightKg(), spec.initialGlucoseMmolPerL()), LIBRARY);
    twin.administer(new TwinDose("rate0", ADMITTED, "insulin", false, 2.0, "[iU]/h"));
    obs.forEach(twin::observe);
    return twin;
  }

  @Test
  void glucoseTwinTracksAnIcingPatientAndProposesAnInsulinRateWithinTheLibrarysHardLimit() {
    GlucosePatientSpec spec = GlucoseCohort.generate(3, 11).get(0);
    List<TwinObservation> obs = icingStay(spec, 12, 5);
    PatientTwin twin = fed(spec, obs);
    Instant now = ADMITTED.plus(Duration.ofHours(12));
    TwinView view = twin.describe(now);
    assertThat(view.applied()).isEqualTo(12);
    assertThat(view.output().name()).isEqualTo("glucose");
    double last = obs.get(obs.size() - 1).value();
    assertThat(view.output().lower90()).isLessThan(last * 1.1);
    assertThat(view.output().upper90()).isGreaterThan(last * 0.9);
    assertThat(view.parameters()).extracting(Interval::name).containsExactly("p3", "Gb");
    // Glucose, plasma insulin and the gut's glucose cannot be negative: neither can their bands.
    // Insulin action X is relative to basal insulin and may be (its band is the Gaussian one).
    assertThat(view.states()).extracting(Interval::name).containsExactly("G", "X", "I", "Qgut");
    assertThat(List.of(view.states().get(0), view.states().get(2), view.states().get(3))).allSatisfy(s ->
        assertThat(s.lower90()).as(s.name()).isGreaterThanOrEqualTo(0.0).isLessThanOrEqualTo(s.value()));
    assertThat(view.states()).allSatisfy(s -> assertThat(s.value()).as(s.name()).isBetween(s.lower90(), s.upper90()));

    ProposalDraft p = twin.recommend(now);
    assertThat(p.kind()).isEqualTo(ProposalDraft.Kind.RATE);
    assertThat(p.proposed()).isPresent();
    assertThat(p.proposed().get().unit()).isEqualTo("[iU]/h");
    assertThat(p.proposed().get().value()).isBetween(0.0, 30.0);
    assertThat(p.current().get().value()).isCloseTo(2.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(p.reasons()).isNotEmpty();
    assertThat(p.expiresAt()).isEqualTo(now.plus(Duration.ofMinutes(30)));
    assertThat(p.nextMeasurementAt()).isAfter(now);
    assertThat(p.underProposal()).isNotEmpty();
    assertThat(p.plan()).isNotEmpty();
    // The proposal names every model parameter it used: the estimated ones at the twin's medians.
    assertThat(p.parameters().keySet()).containsExactlyInAnyOrderElementsOf(
        org.icutwin.core.catalog.ModelCatalog.insulinBergman().parameters().stream().map(org.icutwin.core.model.ParameterSpec::name).toList());
    assertThat(p.parameters().get("Gb")).isCloseTo(view.parameters().get(1).value(), org.assertj.core.data.Offset.offset(1e-9));
    assertThat(p.parameters().get("p3")).isCloseTo(view.parameters().get(0).value(), org.assertj.core.data.Offset.offset(1e-12));
    assertThat(p.parameters().values()).allSatisfy(v -> assertThat(v).isPositive());
  }

  /**
   * A glucose twin fed by a CGM every 5 min: 40 min after its last reading the proposal is withheld
   * as stale and a measurement is asked for now. The same twin fed hourly laboratory values doses
   * 40 min after the last one.
   */
  @Test
  void aGlucoseTwinWhoseCgmWentQuietAsksForABloodGlucose() {
    GlucosePatientSpec spec = GlucoseCohort.generate(3, 11).get(0);
    IcingGlucosePatient patient = spec.start();
    patient.setRate("insulin_iv", 2000.0 / 60);
    Random rnd = new Random(3);
    var cgm = new ArrayList<TwinObservation>();
    for (int m = 5; m <= 180; m += 5) {
      patient.advanceTo(m);
      cgm.add(new TwinObservation("cgm" + m, ADMITTED.plus(Duration.ofMinutes(m)), "glucose", "cgm",
          patient.trueValue("glucose") * (1 + 0.05 * rnd.nextGaussian()), false));
    }
    Instant later = ADMITTED.plus(Duration.ofMinutes(180 + 40));
    ProposalDraft quiet = fed(spec, cgm).recommend(later);
    assertThat(quiet.proposed()).isEmpty();
    assertThat(quiet.safetyReasons()).contains("STALE_MEASUREMENT");
    assertThat(quiet.nextMeasurementAt()).isEqualTo(later);

    ProposalDraft lab = fed(spec, icingStay(spec, 3, 5)).recommend(later);
    assertThat(lab.safetyReasons()).doesNotContain("STALE_MEASUREMENT");
    assertThat(lab.proposed()).isPresent();
  }

  @Test
  void aClinicianDoseBeyondTheHardLimitIsRefusedAndBeyondTheSoftLimitNeedsAReason() {
    PatientTwin twin = PatientTwin.create(glucoseSpec(80, 9), LIBRARY);
    Instant now = ADMITTED.plus(Duration.ofHours(1));
    ClinicianCheck hard = twin.checkClinicianDose(now, 40, "[iU]/h", "dr-a", Optional.of("because"));
    assertThat(hard.allowed()).isFalse();
    assertThat(hard.reasons()).isNotEmpty();
    assertThat(hard.message()).isNotBlank();
    ClinicianCheck soft = twin.checkClinicianDose(now, 20, "[iU]/h", "dr-a", Optional.empty());
    assertThat(soft.allowed()).isFalse();
    assertThat(soft.overrideRequired()).isTrue();
    ClinicianCheck overridden = twin.checkClinicianDose(now, 20, "[iU]/h", "dr-a", Optional.of("DKA protocol"));
    assertThat(overridden.allowed()).isTrue();
    assertThat(twin.checkClinicianDose(now, 4, "[iU]/h", "dr-a", Optional.empty()).allowed()).isTrue();
  }

  @Test
  void whatIfComparesRegimensOnTheSameDrawsAndMoreInsulinLowersGlucose() {
    GlucosePatientSpec spec = GlucoseCohort.generate(3, 11).get(0);
    PatientTwin twin = fed(spec, icingStay(spec, 6, 5));
    Instant now = ADMITTED.plus(Duration.ofHours(6));
    var out = twin.whatIf(now, List.of(new WhatIf.Regimen("continue", List.of()),
        new WhatIf.Regimen("more", List.of(new WhatIf.Step(now, 8.0))),
        new WhatIf.Regimen("stop", List.of(new WhatIf.Step(now, 0.0)))), Duration.ofHours(4));
    assertThat(out).extracting(WhatIf.Outcome::name).containsExactly("continue", "more", "stop");
    double more = out.get(1).band().get(out.get(1).band().size() - 1).mean();
    double cont = out.get(0).band().get(out.get(0).band().size() - 1).mean();
    double stop = out.get(2).band().get(out.get(2).band().size() - 1).mean();
    assertThat(more).isLessThan(cont);
    assertThat(cont).isLessThan(stop);
    assertThat(out.get(1).probabilityBelowThreshold()).isGreaterThanOrEqualTo(out.get(2).probabilityBelowThreshold());
    assertThat(out.get(0).band()).allSatisfy(p -> assertThat(p.lower90()).isLessThanOrEqualTo(p.upper90()));
    // The same question gives the same numbers (seeded draws).
    assertThat(twin.whatIf(now, List.of(new WhatIf.Regimen("continue", List.of())), Duration.ofHours(4)).get(0))
        .isEqualTo(out.get(0));
  }

  @Test
  void theSameCallsInTheSameOrderGiveIdenticalAnswers() {
    GlucosePatientSpec spec = GlucoseCohort.generate(3, 11).get(1);
    List<TwinObservation> obs = icingStay(spec, 8, 6);
    Instant now = ADMITTED.plus(Duration.ofHours(8));
    PatientTwin a = fed(spec, obs);
    PatientTwin b = fed(spec, obs);
    assertThat(b.describe(now)).isEqualTo(a.describe(now));
    ProposalDraft pa = a.recommend(now);
    ProposalDraft pb = b.recommend(now);
    assertThat(pb).isEqualTo(pa);
    a.accepted(pa);
    b.accepted(pb);
    Instant later = now.plus(Duration.ofMinutes(60));
    assertThat(b.recommend(later)).isEqualTo(a.recommend(later));
  }

  @Test
  void lateDataWithinTheWindowGiveTheSameEstimateAsDataInOrder() {
    GlucosePatientSpec spec = GlucoseCohort.generate(3, 11).get(2);
    List<TwinObservation> obs = new ArrayList<>(icingStay(spec, 6, 7));
    // Two readings 20 min apart, the later one first.
    obs.add(new TwinObservation("poc1", ADMITTED.plus(Duration.ofMinutes(370)), "glucose", "poc", 7.0, false));
    obs.add(new TwinObservation("poc2", ADMITTED.plus(Duration.ofMinutes(390)), "glucose", "poc", 7.4, false));
    PatientTwin inOrder = fed(spec, obs);
    List<TwinObservation> swapped = new ArrayList<>(obs);
    Collections.swap(swapped, swapped.size() - 1, swapped.size() - 2);
    PatientTwin late = fed(spec, swapped);
    Instant now = ADMITTED.plus(Duration.ofMinutes(400));
    assertThat(late.describe(now).output().value()).isCloseTo(inOrder.describe(now).output().value(),
        org.assertj.core.data.Offset.offset(1e-9));
  }

  /**
   * A laboratory glucose reported 90 min after the draw, with CGM readings in between: past the
   * default 30-min window it is refused as late; an admission with a 2-h window filters it in time
   * order, to the estimate of the same data in order, also after an export and restore.
   */
  @Test
  void aLabGlucoseReportedNinetyMinutesLateIsAppliedWhenTheAdmissionsWindowCoversIt() {
    GlucosePatientSpec spec = GlucoseCohort.generate(3, 11).get(1);
    List<TwinObservation> cgm = new ArrayList<>();
    for (int m = 5; m <= 240; m += 5) {
      cgm.add(new TwinObservation("cgm" + m, ADMITTED.plus(Duration.ofMinutes(m)), "glucose", "cgm",
          spec.initialGlucoseMmolPerL() + 0.01 * m, false));
    }
    // CGM reads high of the blood value (an unmodelled sensor bias): the lab value is 1 mmol/L lower.
    TwinObservation lab = new TwinObservation("lab1", ADMITTED.plus(Duration.ofMinutes(152)), "glucose", "lab",
        spec.initialGlucoseMmolPerL() + 0.01 * 152 - 1.0, false);
    TwinSpec base = glucoseSpec(spec.weightKg(), spec.initialGlucoseMmolPerL());
    TwinSpec twoHours = new TwinSpec(base.patientId(), base.kind(), base.careArea(), base.covariates(),
        base.admittedAt(), base.initialValue(), base.band(), OptionalDouble.of(120));

    PatientTwin defaults = PatientTwin.create(base, LIBRARY);
    cgm.forEach(defaults::observe);
    ItemResult refused = defaults.observe(lab);
    assertThat(refused.applied()).isFalse();
    assertThat(refused.reason()).isEqualTo("LATE_BEYOND_WINDOW");

    PatientTwin widened = PatientTwin.create(twoHours, LIBRARY);
    cgm.forEach(widened::observe);
    PatientTwin restored = PatientTwin.restore(twoHours, LIBRARY, widened.exportState());
    assertThat(widened.observe(lab)).extracting(ItemResult::applied, ItemResult::reason).containsExactly(true, "");
    assertThat(restored.observe(lab).applied()).as("the window survives a restore").isTrue();
    PatientTwin inOrder = PatientTwin.create(twoHours, LIBRARY);
    List<TwinObservation> sorted = new ArrayList<>(cgm);
    sorted.add(30, lab);
    sorted.forEach(inOrder::observe);
    Instant now = ADMITTED.plus(Duration.ofMinutes(240));
    double expected = inOrder.describe(now).output().value();
    assertThat(widened.describe(now).output().value()).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(restored.describe(now).output().value()).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(expected).as("the low lab reading moved the estimate")
        .isLessThan(defaults.describe(now).output().value() - 0.05);

    assertThatThrownBy(() -> new TwinSpec("p1", TwinKind.GLUCOSE_INSULIN, "adult-icu", base.covariates(), ADMITTED,
        OptionalDouble.empty(), Optional.empty(), OptionalDouble.of(2 * 24 * 60)))
        .hasMessageContaining("late window");
  }

  /** Stale data by the envelope's limits: 30 min after the newest CGM reading, 4 h after a blood glucose. */
  @Test
  void aTwinSaysWhenItsNewestReadingIsOlderThanTheEnvelopeAccepts() {
    GlucosePatientSpec spec = GlucoseCohort.generate(3, 11).get(0);
    PatientTwin cgm = PatientTwin.create(glucoseSpec(spec.weightKg(), spec.initialGlucoseMmolPerL()), LIBRARY);
    for (int m = 5; m <= 60; m += 5) {
      cgm.observe(new TwinObservation("c" + m, ADMITTED.plus(Duration.ofMinutes(m)), "glucose", "cgm", 8.0 + 0.1 * Math.sin(m), false));
    }
    Instant newest = ADMITTED.plus(Duration.ofMinutes(60));
    assertThat(cgm.stale(newest.plus(Duration.ofMinutes(29)))).isEmpty();
    assertThat(cgm.stale(newest.plus(Duration.ofMinutes(31)))).hasValueSatisfying(s -> {
      assertThat(s.newestReading()).isEqualTo(newest);
      assertThat(s.detail()).contains("no accepted glucose reading for 31 min", "limit for this sensor is 30 min");
    });
    PatientTwin lab = fed(spec, icingStay(spec, 3, 5));
    Instant lastLab = ADMITTED.plus(Duration.ofHours(3));
    assertThat(lab.stale(lastLab.plus(Duration.ofMinutes(230)))).isEmpty();
    assertThat(lab.stale(lastLab.plus(Duration.ofMinutes(250)))).isPresent();
  }

  @Test
  void dataBeforeAdmissionOtherQuantitiesAndQuestionsAboutThePastAreAnsweredSpecifically() {
    PatientTwin twin = PatientTwin.create(glucoseSpec(80, 9), LIBRARY);
    ItemResult before = twin.observe(new TwinObservation("x", ADMITTED.minusSeconds(60), "glucose", "lab", 8, false));
    assertThat(before.applied()).isFalse();
    assertThat(before.reason()).isEqualTo("BEFORE_ADMISSION");
    ItemResult hr = twin.observe(new TwinObservation("hr", ADMITTED.plusSeconds(60), "heart_rate", "monitor", 80, false));
    assertThat(hr.reason()).isEqualTo("CONTEXT_ONLY");
    twin.observe(new TwinObservation("g", ADMITTED.plus(Duration.ofHours(2)), "glucose", "lab", 8, false));
    assertThatThrownBy(() -> twin.describe(ADMITTED.plus(Duration.ofHours(1))))
        .isInstanceOf(AsOfInPastException.class).hasMessageContaining("already applied data up to");
    ItemResult nonsense = twin.observe(new TwinObservation("g2", ADMITTED.plus(Duration.ofHours(3)), "glucose", "lab",
        80, false));
    assertThat(nonsense.applied()).isFalse();
    assertThat(nonsense.reason()).isNotBlank();
  }

  @Test
  void norepinephrineTwinRaisesTheRateWhenMapIsLowAndNeverPassesTheHardLimit() {
    var spec = new TwinSpec("p2", TwinKind.NOREPINEPHRINE_MAP, "adult-icu", Covariates.none().weightKg(70), ADMITTED,
        OptionalDouble.empty(), Optional.empty());
    PatientTwin twin = PatientTwin.create(spec, LIBRARY);
    twin.administer(new TwinDose("r0", ADMITTED, "norepinephrine", false, 0.05, "ug/kg/min"));
    Random rnd = new Random(3);
    for (int m = 1; m <= 20; m++) {
      twin.observe(new TwinObservation("map" + m, ADMITTED.plus(Duration.ofMinutes(m)), "map", "arterial-line",
          55 + 2 * rnd.nextGaussian(), false));
    }
    ProposalDraft p = twin.recommend(ADMITTED.plus(Duration.ofMinutes(20)));
    assertThat(p.safetyReasons()).as("safety findings").doesNotContain("STALE_DATA");
    assertThat(p.proposed()).isPresent();
    assertThat(p.proposed().get().unit()).isEqualTo("ug/kg/min");
    assertThat(p.proposed().get().value()).isGreaterThan(0.05).isLessThanOrEqualTo(3.0);
    assertThat(p.reasons()).contains("INCREASE_BELOW_BAND");
    // The twin personalises the baseline MAP0 alone (NorepinephrineSettings), and it has learnt it low.
    TwinView view = twin.describe(ADMITTED.plus(Duration.ofMinutes(20)));
    assertThat(view.parameters()).extracting(Interval::name).containsExactly("MAP0");
    assertThat(view.parameters().get(0).value()).isLessThan(55.0);
  }

  /** A twin is not started at an impossible value or with a band outside what it accepts readings in. */
  @Test
  void anInitialValueOrBandOutsideThePlausibleRangeIsRefused() {
    for (double v : new double[] {-5, 0.2, 61, 900}) {
      var spec = new TwinSpec("p1", TwinKind.GLUCOSE_INSULIN, "adult-icu", Covariates.none().weightKg(80), ADMITTED,
          OptionalDouble.of(v), Optional.empty());
      assertThatThrownBy(() -> PatientTwin.create(spec, LIBRARY)).as("glucose " + v)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("plausible range [0.5, 60.0] mmol/L");
    }
    var band = new TwinSpec("p1", TwinKind.GLUCOSE_INSULIN, "adult-icu", Covariates.none().weightKg(80), ADMITTED,
        OptionalDouble.empty(), Optional.of(new TwinSpec.Band(-1, 100)));
    assertThatThrownBy(() -> PatientTwin.create(band, LIBRARY)).hasMessageContaining("target band");
    var map = new TwinSpec("p2", TwinKind.NOREPINEPHRINE_MAP, "adult-icu", Covariates.none().weightKg(70), ADMITTED,
        OptionalDouble.of(5), Optional.empty());
    assertThatThrownBy(() -> PatientTwin.create(map, LIBRARY)).hasMessageContaining("plausible range [10.0, 250.0]");
    // The edges are accepted.
    assertThat(PatientTwin.create(new TwinSpec("p1", TwinKind.GLUCOSE_INSULIN, "adult-icu",
        Covariates.none().weightKg(80), ADMITTED, OptionalDouble.of(0.5), Optional.empty()), LIBRARY)).isNotNull();
  }

  @Test
  void eachTwinStatesTheBandAndRiskLimitItsControllerWorksTo() {
    assertThat(PatientTwin.create(glucoseSpec(80, 9), LIBRARY).target())
        .isEqualTo(new Target("glucose", "mmol/L", 4.4, 8.0, 4.0, false));
    var customGlucose = new TwinSpec("p1", TwinKind.GLUCOSE_INSULIN, "adult-icu", Covariates.none().weightKg(80),
        ADMITTED, OptionalDouble.empty(), Optional.of(new TwinSpec.Band(6, 10)));
    Target custom = PatientTwin.create(customGlucose, LIBRARY).target();
    assertThat(custom.low()).isEqualTo(6);
    assertThat(custom.high()).isEqualTo(10);
    assertThat(custom.riskLimit()).isLessThan(6);
    var map = new TwinSpec("p2", TwinKind.NOREPINEPHRINE_MAP, "adult-icu", Covariates.none().weightKg(70), ADMITTED,
        OptionalDouble.empty(), Optional.empty());
    Target t = PatientTwin.create(map, LIBRARY).target();
    assertThat(t.output()).isEqualTo("map");
    assertThat(t.unit()).isEqualTo("mm[Hg]");
    assertThat(t.low()).isEqualTo(65);
    assertThat(t.high()).isEqualTo(75);
    assertThat(t.riskAbove()).isFalse();
    Covariates cov = Covariates.none().weightKg(80).creatinineClearanceMlPerMin(60)
        .with(Covariate.HAEMODIALYSIS, false);
    assertThat(PatientTwin.create(new TwinSpec("v", TwinKind.VANCOMYCIN, "adult-icu", cov, ADMITTED,
        OptionalDouble.empty(), Optional.empty()), LIBRARY).target())
        .isEqualTo(new Target("auc24", "mg.h/L", 400, 600, 700, true));
  }

  @Test
  void vancomycinTwinNeedsItsCovariatesAndPersonalisesFromLevels() {
    assertThatThrownBy(() -> new TwinSpec("v", TwinKind.VANCOMYCIN, "adult-icu", Covariates.none().weightKg(80),
        ADMITTED, OptionalDouble.empty(), Optional.empty())).hasMessageContaining("creatinine clearance");
    Covariates cov = Covariates.none().weightKg(80).creatinineClearanceMlPerMin(60)
        .with(Covariate.HAEMODIALYSIS, false);
    PatientTwin twin = PatientTwin.create(new TwinSpec("v", TwinKind.VANCOMYCIN, "adult-icu", cov, ADMITTED,
        OptionalDouble.empty(), Optional.empty()), LIBRARY);
    ProposalDraft first = twin.recommend(ADMITTED);
    assertThat(first.kind()).isEqualTo(ProposalDraft.Kind.REGIMEN);
    assertThat(first.reasons()).contains("A_PRIORI_NO_LEVELS");
    assertThat(first.regimen().get().doseMg()).isPositive().isLessThanOrEqualTo(3500);
    twin.administer(new TwinDose("d1", ADMITTED, "vancomycin", false, 1000, "mg/h"));
    twin.administer(new TwinDose("d1stop", ADMITTED.plus(Duration.ofMinutes(90)), "vancomycin", false, 0, "mg/h"));
    twin.observe(new TwinObservation("lvl1", ADMITTED.plus(Duration.ofHours(6)), "vancomycin", "lab", 14, false));
    ProposalDraft later = twin.recommend(ADMITTED.plus(Duration.ofHours(7)));
    assertThat(later.reasons()).contains("PERSONALISED_FROM_LEVELS");
    // The next level is the sampling protocol's (LevelSchedule): the level at 6 h stands for the one
    // before the first dose of the new regimen (7 h), so next is the trough before day 2's first dose.
    ProposalDraft.Regimen g = later.regimen().get();
    Instant dayTwoDose = g.firstDoseAt();
    while (dayTwoDose.isBefore(ADMITTED.plus(Duration.ofHours(24)))) {
      dayTwoDose = dayTwoDose.plus(Duration.ofMinutes(Math.round(g.intervalH() * 60)));
    }
    assertThat(later.nextMeasurementAt()).isEqualTo(dayTwoDose.minus(Duration.ofMinutes(30)));
    // A priori, before any dose: a peak 1 h after the first (loading) infusion ends.
    assertThat(first.nextMeasurementAt()).isAfter(ADMITTED.plus(Duration.ofMinutes(60)))
        .isBefore(ADMITTED.plus(Duration.ofHours(7)));
    assertThat(twin.describe(ADMITTED.plus(Duration.ofHours(7))).parameters().get(0).name()).isEqualTo("CL");
  }

  /**
   * The twin tells the protocol which reading is a CGM's and the blood glucose before it. A first CGM
   * low of 3.0 brings no dextrose (insulin stops; a blood glucose is asked for now); 15 min after a
   * laboratory 9.0 it is contradicted; a laboratory 3.0 brings dextrose at once, and so does a CGM
   * low 15 min after a laboratory 3.9 (a low measured in blood).
   */
  @Test
  void aCgmLowWaitsForBloodOrIsContradictedByIt() {
    GlucosePatientSpec spec = GlucoseCohort.generate(3, 11).get(0);
    List<TwinObservation> stay = icingStay(spec, 5, 21);
    Instant lab = ADMITTED.plus(Duration.ofMinutes(330));
    Instant low = lab.plus(Duration.ofMinutes(15));

    // More than an hour after the stay's last laboratory glucose (5 h), which then contradicts nothing.
    Instant firstLow = ADMITTED.plus(Duration.ofMinutes(365));
    PatientTwin first = fed(spec, stay);
    first.observe(new TwinObservation("cgm-low", firstLow, "glucose", "cgm", 3.0, false));
    ProposalDraft p = first.recommend(firstLow);
    assertThat(p.dextroseMmol()).isEmpty();
    assertThat(p.reasons()).contains("MEASURED_LOW_SUSPEND", "CGM_LOW_AWAITS_BLOOD");
    assertThat(p.proposed().orElseThrow().value()).isZero();
    assertThat(p.nextMeasurementAt()).isEqualTo(firstLow);

    PatientTwin compressed = fed(spec, stay);
    compressed.observe(new TwinObservation("bg-high", lab, "glucose", "lab", 9.0, false));
    compressed.observe(new TwinObservation("cgm-low", low, "glucose", "cgm", 3.0, false));
    ProposalDraft c = compressed.recommend(low);
    assertThat(c.reasons()).contains("CGM_LOW_CONTRADICTED_BY_BLOOD");
    assertThat(c.dextroseMmol()).isEmpty();

    // A newer point-of-care glucose below its limit (< 2.0) after the laboratory 9.0: the 9.0 contradicts nothing.
    PatientTwin belowLimit = fed(spec, stay);
    belowLimit.observe(new TwinObservation("bg-high", lab, "glucose", "lab", 9.0, false));
    belowLimit.observe(new TwinObservation("poc-lo", lab.plus(Duration.ofMinutes(5)), "glucose", "poc", 2.0, true));
    belowLimit.observe(new TwinObservation("cgm-low", low, "glucose", "cgm", 3.0, false));
    ProposalDraft b = belowLimit.recommend(low);
    assertThat(b.reasons()).doesNotContain("CGM_LOW_CONTRADICTED_BY_BLOOD", "CGM_LOW_AWAITS_BLOOD");
    assertThat(b.dextroseMmol()).isPresent();

    PatientTwin bloodLow = fed(spec, stay);
    bloodLow.observe(new TwinObservation("bg-high", lab, "glucose", "lab", 9.0, false));
    bloodLow.observe(new TwinObservation("bg-low", low, "glucose", "lab", 3.0, false));
    assertThat(bloodLow.recommend(low).dextroseMmol()).as("a blood low is treated at once").isPresent();

    PatientTwin afterBloodLow = fed(spec, stay);
    afterBloodLow.observe(new TwinObservation("bg-low-ish", lab, "glucose", "lab", 3.9, false));
    afterBloodLow.observe(new TwinObservation("cgm-low", low, "glucose", "cgm", 3.0, false));
    assertThat(afterBloodLow.recommend(low).dextroseMmol()).as("a CGM low 15 min after a blood low").isPresent();
  }

  /**
   * A laboratory glucose of 2.6 at 6 h (a sample drawn through a line flushed with saline) stops
   * insulin and calls for a rescue. Withdrawn as entered in error, the twin is the one that never saw
   * it: the same estimate and the same proposal. Corrected to the true value, it is the twin that had
   * the true value from the start.
   */
  @Test
  void aWithdrawnOrCorrectedLabGlucoseLeavesTheTwinAsIfTheRightDataHadCome() {
    GlucosePatientSpec spec = GlucoseCohort.generate(3, 11).get(0);
    List<TwinObservation> stay = icingStay(spec, 5, 21);
    Instant at = ADMITTED.plus(Duration.ofMinutes(330));
    TwinObservation wrong = new TwinObservation("bg-wrong", at, "glucose", "lab", 2.6, false);
    TwinObservation right = new TwinObservation("bg-right", at, "glucose", "lab",
        stay.get(stay.size() - 1).value() * 0.97, false);
    Instant now = at.plus(Duration.ofMinutes(5));

    PatientTwin never = fed(spec, stay);
    PatientTwin withdrawn = fed(spec, stay);
    withdrawn.observe(wrong);
    ProposalDraft onTheLow = withdrawn.recommend(now);
    assertThat(onTheLow.dextroseMmol()).as("the low called for a rescue").isPresent();
    assertThat(withdrawn.withdraw("bg-wrong", at)).extracting(ItemResult::applied, ItemResult::reason)
        .containsExactly(true, "");
    assertThat(withdrawn.describe(now)).isEqualTo(never.describe(now));
    assertThat(withdrawn.recommend(now)).isEqualTo(never.recommend(now));
    assertThat(withdrawn.recommend(now).dextroseMmol()).isEmpty();
    assertThat(withdrawn.withdraw("bg-wrong", at).reason()).isEqualTo("WITHDRAWN");
    assertThat(withdrawn.withdraw("bg-unknown", at).reason()).isEqualTo("UNKNOWN_ITEM");

    PatientTwin truth = fed(spec, stay);
    truth.observe(new TwinObservation("bg-wrong", at, "glucose", "lab", right.value(), false));
    PatientTwin corrected = fed(spec, stay);
    corrected.observe(wrong);
    assertThat(corrected.revise("bg-wrong", right).applied()).isTrue();
    assertThat(corrected.describe(now)).isEqualTo(truth.describe(now));
    assertThat(corrected.recommend(now)).isEqualTo(truth.recommend(now));
    PatientTwin restored = PatientTwin.restore(corrected.spec(), LIBRARY, corrected.exportState());
    assertThat(restored.recommend(now)).isEqualTo(truth.recommend(now));

    // A correction of a reading the twin never had is a reading like any other.
    PatientTwin unseen = fed(spec, stay);
    assertThat(unseen.revise("bg-wrong", right).applied()).isTrue();
    assertThat(unseen.recommend(now)).isEqualTo(truth.recommend(now));
  }

  /** Past the late window the original stays: a correction then changes nothing and says why. */
  @Test
  void aCorrectionOlderThanTheLateWindowIsRefusedAndChangesNothing() {
    GlucosePatientSpec spec = GlucoseCohort.generate(3, 11).get(0);
    List<TwinObservation> stay = icingStay(spec, 5, 21);
    PatientTwin twin = fed(spec, stay);
    Instant now = ADMITTED.plus(Duration.ofHours(5));
    TwinView before = twin.describe(now);
    ItemResult r = twin.revise("bg3", new TwinObservation("bg3-fix", ADMITTED.plus(Duration.ofHours(3)), "glucose",
        "lab", 5.0, false));
    assertThat(r.applied()).isFalse();
    assertThat(r.reason()).isEqualTo("REVISION_BEYOND_WINDOW");
    assertThat(r.detail()).contains("bg3 is older than the twin's late window (30 min", "2026-11-20T13:00:00Z",
        "the estimate keeps the first value");
    assertThat(twin.withdraw("bg3", ADMITTED.plus(Duration.ofHours(3))).reason()).isEqualTo("REVISION_BEYOND_WINDOW");
    assertThat(twin.describe(now)).isEqualTo(before);
  }

  @Test
  void aCorrectedVancomycinLevelReplacesTheFirstAndAWithdrawnOneLeavesTheFit() {
    Covariates cov = Covariates.none().weightKg(80).creatinineClearanceMlPerMin(60)
        .with(Covariate.HAEMODIALYSIS, false);
    TwinSpec spec = new TwinSpec("v", TwinKind.VANCOMYCIN, "adult-icu", cov, ADMITTED, OptionalDouble.empty(),
        Optional.empty());
    java.util.function.Supplier<PatientTwin> dosed = () -> {
      PatientTwin t = PatientTwin.create(spec, LIBRARY);
      t.administer(new TwinDose("d1", ADMITTED, "vancomycin", false, 1000, "mg/h"));
      t.administer(new TwinDose("d1stop", ADMITTED.plus(Duration.ofMinutes(90)), "vancomycin", false, 0, "mg/h"));
      return t;
    };
    Instant drawn = ADMITTED.plus(Duration.ofHours(6));
    Instant now = ADMITTED.plus(Duration.ofHours(7));
    PatientTwin truth = dosed.get();
    truth.observe(new TwinObservation("lvl1", drawn, "vancomycin", "lab", 9, false));
    PatientTwin twin = dosed.get();
    twin.observe(new TwinObservation("lvl1", drawn, "vancomycin", "lab", 28, false));
    assertThat(twin.describe(now)).isNotEqualTo(truth.describe(now));
    assertThat(twin.revise("lvl1", new TwinObservation("lvl1-c", drawn, "vancomycin", "lab", 9, false)).applied())
        .isTrue();
    assertThat(twin.describe(now)).isEqualTo(truth.describe(now));
    assertThat(twin.recommend(now)).isEqualTo(truth.recommend(now));

    PatientTwin none = dosed.get();
    assertThat(twin.withdraw("lvl1", drawn).applied()).isTrue();
    assertThat(twin.recommend(now)).isEqualTo(none.recommend(now));
    assertThat(twin.withdraw("lvl1", drawn).reason()).isEqualTo("UNKNOWN_ITEM");
  }

  /**
   * A 10 U insulin bolus charted in error (1 U was meant): withdrawn, the twin and its proposal are
   * those of the stay without it; a feed report or another drug is not taken back, with its reason.
   */
  @Test
  void aDoseChartedInErrorIsTakenBackAndTheProposalIsTheOneWithoutIt() {
    GlucosePatientSpec spec = GlucoseCohort.generate(3, 11).get(1);
    List<TwinObservation> stay = icingStay(spec, 5, 31);
    Instant at = ADMITTED.plus(Duration.ofMinutes(290));
    Instant now = ADMITTED.plus(Duration.ofMinutes(300));
    TwinDose wrong = new TwinDose("bolus-x", at, "insulin", true, 10, "[iU]");
    PatientTwin never = fed(spec, stay);
    PatientTwin twin = fed(spec, stay);
    assertThat(twin.administer(wrong).applied()).isTrue();
    assertThat(twin.describe(now.plus(Duration.ofHours(1))).output().value())
        .isLessThan(never.describe(now.plus(Duration.ofHours(1))).output().value() - 0.3);

    assertThat(twin.withdrawDose(wrong)).extracting(ItemResult::applied, ItemResult::reason).containsExactly(true, "");
    assertThat(twin.describe(now)).isEqualTo(never.describe(now));
    assertThat(twin.recommend(now)).isEqualTo(never.recommend(now));
    assertThat(twin.withdrawDose(wrong).reason()).isEqualTo("WITHDRAWN");
    assertThat(twin.withdrawDose(new TwinDose("feed-1", at, "enteral-nutrition", false, 5, "g/h")).reason())
        .isEqualTo("NOT_SUPPORTED");
    assertThat(twin.withdrawDose(new TwinDose("h-1", at, "heparin", false, 5, "[iU]/h")).reason())
        .isEqualTo("OTHER_DRUG");
  }

  /**
   * The twin tells its recommender when insulin was stopped and what ran before: stopped for a fall
   * from 3 U/h, with glucose still falling at 7.6 mmol/L 40 min later, it may restart at up to
   * 1.5 U/h (RESTART_AT_HALF_RATE, below the controller's 4 U/h step); without the earlier rate it
   * would have to stay at zero.
   */
  @Test
  void insulinStoppedForAFallRestartsFromTheTwinsOwnRateHistory() {
    PatientTwin twin = PatientTwin.create(glucoseSpec(80, 12), LIBRARY);
    twin.administer(new TwinDose("r0", ADMITTED, "insulin", false, 8.0, "[iU]/h"));
    double[][] readings = {{60, 12.4}, {120, 12.1}, {180, 10.2}, {210, 8.6}};
    for (double[] r : readings) {
      if (r[0] == 180) {
        assertThat(twin.administer(new TwinDose("r1", ADMITTED.plus(Duration.ofMinutes(150)), "insulin", false, 3.0,
            "[iU]/h")).applied()).isTrue();
      }
      twin.observe(new TwinObservation("bg" + (int) r[0], ADMITTED.plus(Duration.ofMinutes((long) r[0])), "glucose",
          "lab", r[1], false));
    }
    twin.administer(new TwinDose("r2", ADMITTED.plus(Duration.ofMinutes(210)), "insulin", false, 0.0, "[iU]/h"));
    twin.observe(new TwinObservation("bg250", ADMITTED.plus(Duration.ofMinutes(250)), "glucose", "lab", 7.6, false));
    ProposalDraft p = twin.recommend(ADMITTED.plus(Duration.ofMinutes(251)));
    assertThat(p.reasons()).as(p.toString()).contains("RESTART_AT_HALF_RATE").doesNotContain("MEASURED_FALL_NO_INCREASE");
    assertThat(p.proposed().orElseThrow().value()).isPositive().isLessThanOrEqualTo(1.5);
  }

  /** A dose older than the late window cannot be taken back: the refusal says so in clock time, and nothing changes. */
  @Test
  void aDoseWithdrawalOlderThanTheLateWindowIsRefusedInClockTime() {
    GlucosePatientSpec spec = GlucoseCohort.generate(3, 11).get(0);
    PatientTwin twin = fed(spec, icingStay(spec, 5, 21));
    Instant now = ADMITTED.plus(Duration.ofHours(5));
    TwinView before = twin.describe(now);
    ItemResult r = twin.withdrawDose(new TwinDose("rate0", ADMITTED, "insulin", false, 2.0, "[iU]/h"));
    assertThat(r.applied()).isFalse();
    assertThat(r.reason()).isEqualTo("REVISION_BEYOND_WINDOW");
    assertThat(r.detail()).contains("rate0 is older than the twin's late window (30 min", "2026-11-20T13:00:00Z",
        "the estimate keeps the dose").doesNotContainPattern("\\d+\\.\\d+ min");
    assertThat(twin.describe(now)).isEqualTo(before);
  }

  @Test
  void aVancomycinDoseChartedInErrorLeavesTheFit() {
    Covariates cov = Covariates.none().weightKg(80).creatinineClearanceMlPerMin(60)
        .with(Covariate.HAEMODIALYSIS, false);
    TwinSpec spec = new TwinSpec("v", TwinKind.VANCOMYCIN, "adult-icu", cov, ADMITTED, OptionalDouble.empty(),
        Optional.empty());
    Instant now = ADMITTED.plus(Duration.ofHours(7));
    PatientTwin none = PatientTwin.create(spec, LIBRARY);
    PatientTwin twin = PatientTwin.create(spec, LIBRARY);
    TwinDose wrong = new TwinDose("d-x", ADMITTED.plus(Duration.ofHours(1)), "vancomycin", true, 1500, "mg");
    twin.administer(wrong);
    assertThat(twin.recommend(now)).isNotEqualTo(none.recommend(now));
    assertThat(twin.withdrawDose(wrong).applied()).isTrue();
    assertThat(twin.recommend(now)).isEqualTo(none.recommend(now));
    assertThat(twin.withdrawDose(wrong).reason()).isEqualTo("UNKNOWN_ITEM");
  }
}
