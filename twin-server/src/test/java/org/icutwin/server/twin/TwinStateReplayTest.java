package org.icutwin.server.twin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.icutwin.control.twin.ItemResult;
import org.icutwin.control.twin.ProposalDraft;
import org.icutwin.control.twin.TwinDose;
import org.icutwin.control.twin.TwinObservation;
import org.icutwin.core.druglib.DrugLibrary;
import org.junit.jupiter.api.Test;

/** The journal rebuilds the twin exactly: a replayed state answers as the live one did. */
class TwinStateReplayTest {

  static final DrugLibrary LIBRARY = DrugLibrary.load(Path.of("../config/drug-library.json"));
  static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");

  /**
   * The late window is the one the twin was admitted with (journaled in the admission), so a replay
   * filters as the live twin did whatever the server is set to now; a journal from before the
   * window was journaled keeps the 30-min default.
   */
  @Test
  void theLateWindowIsTheOneJournaledAtAdmission() {
    org.icutwin.server.config.TwinSettings settings = org.icutwin.server.config.TwinSettings.defaults();
    assertThat(settings.lateWindowMin(org.icutwin.control.twin.TwinKind.GLUCOSE_INSULIN)).isEqualTo(120.0);
    assertThat(settings.lateWindowMin(org.icutwin.control.twin.TwinKind.NOREPINEPHRINE_MAP)).isEqualTo(30.0);
    assertThat(settings.lateWindowMin(org.icutwin.control.twin.TwinKind.VANCOMYCIN)).isNull();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new org.icutwin.server.config.TwinSettings(1000, 2,
        Duration.ofMinutes(5), Duration.ofHours(25), Duration.ofMinutes(30), Duration.ZERO)).hasMessageContaining("late-window-glucose");

    for (Double window : new Double[] {120.0, null}) {
      List<TwinEvent> journal = new ArrayList<>();
      journal.add(new TwinEvent.Admitted(T0, "admin", "p1", "ICU-1", "GLUCOSE_INSULIN", "adult-icu",
          Map.of("WEIGHT_KG", 80.0), T0, 9.0, null, null, window));
      for (int i = 1; i <= 12; i++) {
        journal.add(reading("c" + i, T0.plus(Duration.ofMinutes(10L * i)), 9.0 - 0.05 * i));
      }
      journal.add(reading("lab", T0.plus(Duration.ofMinutes(60)), 8.2)); // 60 min before the newest reading
      TwinState live = new TwinState(LIBRARY);
      journal.forEach(live::apply);
      TwinState replayed = new TwinState(LIBRARY);
      journal.forEach(replayed::apply);
      TwinState.Point lab = live.points().stream().filter(p -> p.messageId().equals("lab")).findFirst().orElseThrow();
      assertThat(lab.applied()).as("window " + window).isEqualTo(window != null);
      assertThat(replayed.points()).isEqualTo(live.points());
    }
  }

  /**
   * A laboratory glucose corrected and another withdrawn, as journaled: a replay leaves the twin where
   * the right data alone would have, and the chart keeps the first values marked as replaced.
   */
  @Test
  void correctionsAndWithdrawalsReplayToTheTwinOfTheRightData() {
    Instant wrongAt = T0.plus(Duration.ofMinutes(100));
    Instant extraAt = T0.plus(Duration.ofMinutes(105));
    Instant end = T0.plus(Duration.ofMinutes(130));
    List<TwinEvent> common = twoHoursOfCgm();
    List<TwinEvent> revised = new ArrayList<>(common);
    revised.add(lab("bg", wrongAt, 3.1, null, null));
    revised.add(lab("bg2", extraAt, 11.0, null, null));
    revised.add(lab("bg#corrected:1", wrongAt, 8.3, "CORRECTION", "bg"));
    revised.add(lab("bg2#entered-in-error", extraAt, 0, "WITHDRAWAL", "bg2"));
    List<TwinEvent> right = new ArrayList<>(common);
    right.add(lab("bg", wrongAt, 8.3, null, null));

    TwinState replayed = new TwinState(LIBRARY);
    revised.forEach(replayed::apply);
    TwinState truth = new TwinState(LIBRARY);
    right.forEach(truth::apply);
    assertThat(replayed.twin().describe(end).output()).isEqualTo(truth.twin().describe(end).output());
    assertThat(replayed.twin().recommend(end).proposed()).isEqualTo(truth.twin().recommend(end).proposed());
    assertThat(replayed.points()).filteredOn(p -> p.sensorClass().equals("lab"))
        .extracting(TwinState.Point::messageId, TwinState.Point::value, TwinState.Point::applied,
            TwinState.Point::reason, TwinState.Point::revises)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("bg", 3.1, false, "SUPERSEDED", null),
            org.assertj.core.groups.Tuple.tuple("bg2", 11.0, false, "WITHDRAWN", null),
            org.assertj.core.groups.Tuple.tuple("bg#corrected:1", 8.3, true, "", "bg"));
    assertThat(replayed.pointOf("bg")).hasValueSatisfying(p -> assertThat(p.value()).isEqualTo(8.3));
    assertThat(replayed.recentControlledObservationIds()).contains("bg#corrected:1").doesNotContain("bg", "bg2");
  }

  /** A bolus charted in error and its withdrawal, as journaled, replay to the twin without the bolus. */
  @Test
  void aWithdrawnDoseReplaysToTheTwinWithoutIt() {
    Instant bolusAt = T0.plus(Duration.ofMinutes(95));
    Instant end = T0.plus(Duration.ofMinutes(130));
    List<TwinEvent> common = twoHoursOfCgm();
    List<TwinEvent> withdrawn = new ArrayList<>(common);
    withdrawn.add(new TwinEvent.DoseAdministered(bolusAt, "pump", "b1", "pump", "FHIR", "insulin", true, 10, "[iU]",
        bolusAt, bolusAt, null, true, ""));
    withdrawn.add(new TwinEvent.DoseAdministered(bolusAt, "pump", "b1#entered-in-error", "pump", "FHIR", "insulin",
        true, 0, "[iU]", bolusAt, bolusAt, null, true, "", "WITHDRAWAL", "b1"));
    TwinState replayed = new TwinState(LIBRARY);
    withdrawn.forEach(replayed::apply);
    TwinState truth = new TwinState(LIBRARY);
    common.forEach(truth::apply);
    assertThat(replayed.twin().describe(end).output()).isEqualTo(truth.twin().describe(end).output());
    assertThat(replayed.twin().recommend(end).proposed()).isEqualTo(truth.twin().recommend(end).proposed());
    assertThat(replayed.doses()).singleElement().satisfies(d -> {
      assertThat(d.messageId()).isEqualTo("b1");
      assertThat(d.reason()).isEqualTo("WITHDRAWN");
      assertThat(d.applied()).isFalse();
    });

    // A drug the twin does not model leaves the chart all the same; a feed report stays (the twin keeps it).
    replayed.apply(new TwinEvent.DoseAdministered(bolusAt, "pump", "h1", "pump", "FHIR", "heparin", false, 800,
        "[iU]/h", bolusAt, bolusAt, null, false, "OTHER_DRUG"));
    replayed.apply(new TwinEvent.DoseAdministered(bolusAt, "pump", "f1", "pump", "FHIR", "enteral-nutrition", false,
        5, "g/h", bolusAt, bolusAt, null, true, ""));
    replayed.apply(new TwinEvent.DoseAdministered(bolusAt, "pump", "h1#entered-in-error", "pump", "FHIR", "heparin",
        false, 0, "[iU]/h", bolusAt, bolusAt, null, false, "OTHER_DRUG", "WITHDRAWAL", "h1"));
    replayed.apply(new TwinEvent.DoseAdministered(bolusAt, "pump", "f1#entered-in-error", "pump", "FHIR",
        "enteral-nutrition", false, 0, "g/h", bolusAt, bolusAt, null, false, "NOT_SUPPORTED", "WITHDRAWAL", "f1"));
    assertThat(replayed.doses()).extracting(TwinState.DosePoint::messageId, TwinState.DosePoint::reason)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("b1", "WITHDRAWN"),
            org.assertj.core.groups.Tuple.tuple("h1", "WITHDRAWN"), org.assertj.core.groups.Tuple.tuple("f1", ""));
  }

  /** A glucose twin admitted with a 2-h late window and 2 h of CGM every 10 min, as journaled. */
  private static List<TwinEvent> twoHoursOfCgm() {
    List<TwinEvent> journal = new ArrayList<>();
    journal.add(new TwinEvent.Admitted(T0, "admin", "p1", "ICU-1", "GLUCOSE_INSULIN", "adult-icu",
        Map.of("WEIGHT_KG", 80.0), T0, 9.0, null, null, 120.0));
    for (int i = 1; i <= 12; i++) {
      journal.add(reading("c" + i, T0.plus(Duration.ofMinutes(10L * i)), 9.0 - 0.05 * i));
    }
    return journal;
  }

  /** A laboratory glucose as journaled before the twin saw it; {@code revision} null for a first report. */
  private static TwinEvent lab(String id, Instant at, double g, String revision, String revises) {
    return new TwinEvent.ObservationRecorded(at, "lab", id, "lab", "FHIR", "http://loinc.org|15074-8", "glucose",
        "lab", g, "mmol/L", false, at, at, true, "", "", revision, revises);
  }

  /** A CGM reading as journaled before the twin saw it (the state applies it to the twin). */
  private static TwinEvent reading(String id, Instant at, double g) {
    return new TwinEvent.ObservationRecorded(at, "cgm", id, "cgm", "MQTT", "http://loinc.org|15074-8", "glucose",
        "cgm", g, "mmol/L", false, at, at, true, "", "");
  }

  /**
   * An accepted rescue is taken as given (its dextrose raises the forecast); a modified or rejected
   * one is not: the clinician may have declined the dextrose, which counts only when charted.
   */
  @Test
  void onlyAnAcceptedRescueIsTakenAsGiven() {
    java.util.Map<String, Double> in1h = new java.util.HashMap<>();
    Instant now = T0.plus(Duration.ofMinutes(180));
    for (String decision : List.of("ACCEPT", "MODIFY", "REJECT")) {
      TwinState s = new TwinState(LIBRARY);
      s.apply(new TwinEvent.Admitted(T0, "admin", "p1", "", "GLUCOSE_INSULIN", "adult-icu", Map.of("WEIGHT_KG", 80.0),
          T0, 6.0, null, null));
      for (int i = 1; i <= 5; i++) {
        s.apply(reading("g" + i, T0.plus(Duration.ofMinutes(30L * i)), 6.0 - 0.45 * i)); // 5.55 down to 3.75
      }
      // The low is a blood glucose: a CGM low alone waits for one before dextrose.
      s.apply(lab("g6", now, 3.3, null, null));
      ProposalDraft draft = s.twin().recommend(now);
      assertThat(draft.dextroseMmol()).as("a blood glucose of 3.3 mmol/L asks for a rescue").isPresent();
      s.apply(new TwinEvent.RecommendationIssued(now, "twin", "rescue-1", draft, s.recentControlledObservationIds()));
      s.apply(new TwinEvent.RecommendationDecided(now, "dr-a", "rescue-1", decision, "CLINICIAN",
          decision.equals("ACCEPT") ? "" : "recheck the blood glucose first", 0.0, "[iU]/h", false, null));
      in1h.put(decision, s.twin().forecast(now, Duration.ofHours(1)).stream()
          .filter(p -> !p.time().isBefore(now.plus(Duration.ofMinutes(60)))).findFirst().orElseThrow().mean());
    }
    assertThat(in1h.get("ACCEPT")).isGreaterThan(in1h.get("REJECT") + 0.5);
    assertThat(in1h.get("MODIFY")).isCloseTo(in1h.get("REJECT"), org.assertj.core.api.Assertions.within(1e-9));
  }

  /**
   * A modified proposal's dextrose advice, carried out by the pump, is the protocol's and is weaned
   * on to the clinician's own rate; without the decision reaching the twin it would read as the
   * clinician's new rate and never be weaned.
   */
  @Test
  void aModifiedProposalsDextroseAdviceCarriedOutIsStillWeaned() {
    TwinState s = new TwinState(LIBRARY);
    s.apply(new TwinEvent.Admitted(T0, "admin", "p1", "", "GLUCOSE_INSULIN", "adult-icu", Map.of("WEIGHT_KG", 80.0),
        T0, 6.0, null, null));
    Instant t0 = T0.plus(Duration.ofHours(6));
    for (int m = 0; m < 360; m += 60) {
      s.apply(lab("bg-" + m, T0.plus(Duration.ofMinutes(m)), 6.5));
    }
    s.apply(dextrose("d5", t0, 2));
    // Two lows: a rescue, then a dextrose infusion above the clinician's 2 g/h, accepted and run.
    decide(s, low(s, "low-1", t0.plus(Duration.ofMinutes(5)), 3.0), "ACCEPT");
    ProposalDraft raise = low(s, "low-2", t0.plus(Duration.ofMinutes(45)), 3.1);
    double raised = raise.feedAdvice().stream().filter(a -> a.drug().equals("dextrose")).findFirst().orElseThrow()
        .advised();
    assertThat(raised).isGreaterThan(2.0);
    decide(s, raise, "ACCEPT");
    s.apply(dextrose("d10-up", t0.plus(Duration.ofMinutes(50)), raised));
    // Glucose back in band: the protocol weans; the clinician modifies the insulin and runs the weaning step.
    ProposalDraft wean = null;
    for (int m = 100; m <= 400 && wean == null; m += 20) {
      Instant at = t0.plus(Duration.ofMinutes(m));
      s.apply(lab("bg-w" + m, at, 6.8));
      ProposalDraft p = s.twin().recommend(at);
      if (p.feedAdvice().stream().anyMatch(a -> a.reason().equals("WEAN_DEXTROSE"))) {
        wean = p;
      }
    }
    assertThat(wean).as("the protocol weans the dextrose once glucose is back").isNotNull();
    double step = wean.feedAdvice().get(0).advised();
    assertThat(step).isLessThan(raised).isGreaterThan(2.0);
    decide(s, wean, "MODIFY");
    Instant weanAt = wean.issuedAt();
    s.apply(dextrose("d10-step", weanAt.plusSeconds(60), step));
    Instant later = weanAt.plus(Duration.ofMinutes(61));
    s.apply(lab("bg-later", later, 7.0));
    assertThat(s.twin().recommend(later).feedAdvice()).as("weaned on towards the clinician's 2 g/h")
        .singleElement().satisfies(a -> {
          assertThat(a.reason()).isEqualTo("WEAN_DEXTROSE");
          assertThat(a.current()).isEqualTo(step);
          assertThat(a.advised()).isLessThan(step);
          assertThat(a.goal()).isEqualTo(2.0);
        });
  }

  private static TwinEvent lab(String id, Instant at, double g) {
    return lab(id, at, g, null, null);
  }

  private static TwinEvent dextrose(String id, Instant at, double gPerH) {
    return new TwinEvent.DoseAdministered(at, "pump", id, "pump", "MQTT", "dextrose", false, gPerH, "g/h", at, at,
        null, true, "");
  }

  private static ProposalDraft low(TwinState s, String id, Instant at, double g) {
    s.apply(lab(id, at, g));
    return s.twin().recommend(at);
  }

  private static void decide(TwinState s, ProposalDraft p, String decision) {
    String pid = "prop-" + p.issuedAt();
    s.apply(new TwinEvent.RecommendationIssued(p.issuedAt(), "twin", pid, p, s.recentControlledObservationIds()));
    s.apply(new TwinEvent.RecommendationDecided(p.issuedAt(), "dr-a", pid, decision, "CLINICIAN",
        decision.equals("ACCEPT") ? "" : "insulin held", 0.0, "[iU]/h", false, null));
  }

  @Test
  void replayingTheEventsGivesTheSameEstimateAndProposalAsTheLiveTwin() {
    TwinState live = new TwinState(LIBRARY);
    List<TwinEvent> journal = new ArrayList<>();
    TwinEvent admitted = new TwinEvent.Admitted(T0, "admin", "p1", "ICU-1", "GLUCOSE_INSULIN", "adult-icu",
        Map.of("WEIGHT_KG", 80.0), T0, 9.0, null, null);
    live.apply(admitted);
    journal.add(admitted);
    TwinDose rate = new TwinDose("r0", T0, "insulin", false, 2.0, "[iU]/h");
    ItemResult dr = live.preApply(rate);
    TwinEvent dose = new TwinEvent.DoseAdministered(T0, "pump", "r0", "pump", "MQTT", "insulin", false, 2.0, "[iU]/h",
        T0, T0, null, dr.applied(), dr.reason());
    live.apply(dose);
    journal.add(dose);
    Random rnd = new Random(9);
    double g = 9;
    for (int i = 1; i <= 30; i++) {
      g += -0.08 + 0.2 * rnd.nextGaussian();
      Instant t = T0.plus(Duration.ofMinutes(15L * i));
      // One reading arrives 10 min late, out of order: the twin re-filters in time order.
      Instant at = i == 12 ? t.minus(Duration.ofMinutes(10)) : t;
      TwinObservation o = new TwinObservation("g" + i, at, "glucose", i % 4 == 0 ? "lab" : "cgm", g, false);
      ItemResult r = live.preApply(o);
      TwinEvent e = new TwinEvent.ObservationRecorded(t, "cgm", o.id(), "cgm", "MQTT", "http://loinc.org|15074-8",
          "glucose", o.sensorClass(), g, "mmol/L", false, at, t, r.applied(), r.reason(), r.detail());
      live.apply(e);
      journal.add(e);
    }
    Instant now = T0.plus(Duration.ofHours(8));
    ProposalDraft draft = live.twin().recommend(now);
    TwinEvent issued = new TwinEvent.RecommendationIssued(now, "twin", "prop-1", draft, live.recentControlledObservationIds());
    live.apply(issued);
    journal.add(issued);
    TwinEvent decided = new TwinEvent.RecommendationDecided(now, "dr-a", "prop-1", "ACCEPT", "CLINICIAN", "", 
        draft.proposed().map(q -> q.value()).orElse(null), "[iU]/h", false, "order-1");
    live.apply(decided);
    journal.add(decided);

    TwinState replayed = new TwinState(LIBRARY);
    journal.forEach(replayed::apply);

    Instant later = now.plus(Duration.ofMinutes(30));
    assertThat(replayed.twin().describe(later)).isEqualTo(live.twin().describe(later));
    assertThat(replayed.twin().recommend(later)).isEqualTo(live.twin().recommend(later));
    assertThat(replayed.proposals()).isEqualTo(live.proposals());
    assertThat(replayed.points()).isEqualTo(live.points());
    assertThat(replayed.dataTime()).isEqualTo(live.dataTime());
    assertThat(replayed.proposal("prop-1").orElseThrow().status()).isEqualTo("ACCEPTED");
  }

  /** A blood low the live twin failed on (TWIN_ERROR) still holds insulin after a replay, unfiltered. */
  @Test
  void aLowTheTwinFailedOnStillHoldsInsulinAfterReplay() {
    TwinState s = new TwinState(LIBRARY);
    s.apply(new TwinEvent.Admitted(T0, "admin", "p1", "", "GLUCOSE_INSULIN", "adult-icu", Map.of("WEIGHT_KG", 80.0), T0,
        9.0, null, null));
    s.apply(new TwinEvent.DoseAdministered(T0, "pump", "r0", "pump", "MQTT", "insulin", false, 2.0, "[iU]/h", T0, T0,
        null, true, null));
    Instant low = T0.plus(Duration.ofMinutes(60));
    s.apply(new TwinEvent.ObservationRecorded(low, "lab", "bg-low", "lab", "FHIR", "http://loinc.org|15074-8",
        "glucose", "lab", 3.5, "mmol/L", false, low, low, false, TwinState.TWIN_ERROR, "IllegalStateException: x"));
    Instant cgm = low.plus(Duration.ofMinutes(10));
    s.apply(new TwinEvent.ObservationRecorded(cgm, "cgm", "cgm-1", "cgm", "MQTT", "http://loinc.org|99504-3",
        "glucose", "cgm", 9.0, "mmol/L", false, cgm, cgm, true, null, null));
    assertThat(s.twin().describe(cgm).applied()).as("the failed reading was not filtered").isEqualTo(1);
    assertThat(s.twin().recommend(low.plus(Duration.ofMinutes(20))).reasons()).contains("POST_LOW_HOLD");
  }

  @Test
  void theWatermarkFollowsTheSlowestBoundDeviceOrAnExplicitBarrier() {
    TwinState s = new TwinState(LIBRARY);
    s.apply(new TwinEvent.Admitted(T0, "admin", "p1", "", "NOREPINEPHRINE_MAP", "adult-icu", Map.of("WEIGHT_KG", 70.0),
        T0, null, null, null));
    s.apply(new TwinEvent.DeviceBound(T0, "admin", "aline", T0));
    s.apply(new TwinEvent.DeviceBound(T0, "admin", "monitor", T0));
    Instant t1 = T0.plus(Duration.ofMinutes(5));
    Instant t2 = T0.plus(Duration.ofMinutes(9));
    s.apply(obs("a1", "aline", "map", t2));
    assertThat(s.watermark()).isEqualTo(t2); // the monitor has not reported at all: it does not hold the mark
    s.apply(obs("m1", "monitor", "heart_rate", t1));
    assertThat(s.watermark()).isEqualTo(t1);
    // A pump reports only on change: its dose event does not hold the watermark back.
    s.apply(new TwinEvent.DeviceBound(T0, "admin", "pump", T0));
    s.apply(new TwinEvent.DoseAdministered(T0, "pump", "d1", "pump", "MQTT", "norepinephrine", false, 0.1, "ug/kg/min",
        T0, T0, null, true, ""));
    assertThat(s.watermark()).isEqualTo(t1);
    s.apply(new TwinEvent.BarrierReached(t2, "replay", T0.plus(Duration.ofMinutes(20))));
    assertThat(s.watermark()).isEqualTo(T0.plus(Duration.ofMinutes(20)));
  }

  private static TwinEvent obs(String id, String device, String quantity, Instant t) {
    return new TwinEvent.ObservationRecorded(t, device, id, device, "MQTT", "x", quantity, "arterial-line", 70, "mm[Hg]",
        false, t, t, true, "", "");
  }
}
