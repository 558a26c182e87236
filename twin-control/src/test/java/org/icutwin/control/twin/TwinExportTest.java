package org.icutwin.control.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Random;
import org.icutwin.core.model.Covariate;
import org.icutwin.core.model.Covariates;
import org.icutwin.estimation.timeline.TimelineState;
import org.junit.jupiter.api.Test;

/**
 * A twin exported part-way through a stay and restored continues exactly as the twin that was never
 * exported: same item results, descriptions, forecasts and proposals, to the bit, including late
 * data that rewinds to a checkpoint taken before the export, accepted proposals (the controller's
 * warm start), flat-line and outlier rejections.
 */
class TwinExportTest {

  static final Instant T0 = PatientTwinTest.ADMITTED;

  /** One call on a twin; {@code arrival} orders the script (late items arrive after their effective time). */
  sealed interface Step permits Observe, Give, Ask, Look {
    Instant arrival();
  }

  record Observe(Instant arrival, TwinObservation o) implements Step {
  }

  record Give(Instant arrival, TwinDose d) implements Step {
  }

  /** Ask for a proposal as of the arrival time and accept it (the warm start and any rescue enter the twin). */
  record Ask(Instant arrival) implements Step {
  }

  /** Describe and forecast as of the arrival time. */
  record Look(Instant arrival) implements Step {
  }

  static List<Object> run(PatientTwin twin, List<Step> steps) {
    var out = new ArrayList<Object>();
    for (Step s : steps) {
      if (s instanceof Observe o) {
        out.add(twin.observe(o.o()));
      } else if (s instanceof Give g) {
        out.add(twin.administer(g.d()));
      } else if (s instanceof Ask a) {
        ProposalDraft p = twin.recommend(a.arrival());
        twin.accepted(p);
        out.add(p);
      } else {
        out.add(twin.describe(s.arrival()));
        out.add(twin.forecast(s.arrival(), Duration.ofHours(4)));
      }
    }
    return out;
  }

  /**
   * Feeds {@code steps} to a twin that is exported and restored after {@code split} steps, and to
   * one that never is, and requires the same answers after the split; returns the restored twin.
   */
  static PatientTwin assertRestoredTwinContinuesIdentically(TwinSpec spec, List<Step> steps, int split) {
    PatientTwin reference = PatientTwin.create(spec, PatientTwinTest.LIBRARY);
    List<Object> expected = run(reference, steps);

    PatientTwin first = PatientTwin.create(spec, PatientTwinTest.LIBRARY);
    run(first, steps.subList(0, split));
    TwinExport exported = first.exportState();
    assertThat(exported.formatVersion()).isEqualTo(TwinExport.FORMAT_VERSION);
    assertThat(exported.kind()).isEqualTo(spec.kind().name());
    PatientTwin restored = PatientTwin.restore(spec, PatientTwinTest.LIBRARY, exported);
    List<Object> actual = run(restored, steps.subList(split, steps.size()));

    List<Object> tail = expected.subList(split + extraResults(steps.subList(0, split)), expected.size());
    assertThat(actual).hasSameSizeAs(tail);
    for (int i = 0; i < actual.size(); i++) {
      assertThat(actual.get(i)).as("result %d after the split", i).isEqualTo(tail.get(i));
    }
    return restored;
  }

  /** Looks give two results (description and forecast). */
  private static int extraResults(List<Step> steps) {
    return (int) steps.stream().filter(s -> s instanceof Look).count();
  }

  /** A script sorted by arrival; stable, so equal arrivals keep their order. */
  static List<Step> byArrival(List<Step> steps) {
    var sorted = new ArrayList<>(steps);
    sorted.sort(Comparator.comparing(Step::arrival));
    return sorted;
  }

  /** Index of the first step arriving at or after {@code t}. */
  static int splitAt(List<Step> steps, Instant t) {
    for (int i = 0; i < steps.size(); i++) {
      if (!steps.get(i).arrival().isBefore(t)) {
        return i;
      }
    }
    return steps.size();
  }

  @Test
  void aRestoredGlucoseTwinContinuesExactlyAsTheTwinThatWasNeverExported() {
    TwinSpec spec = PatientTwinTest.glucoseSpec(82, 11);
    Random rnd = new Random(41);
    var steps = new ArrayList<Step>();
    steps.add(new Give(T0, new TwinDose("ins0", T0, "insulin", false, 2.0, "[iU]/h")));
    double g = 11;
    for (int m = 10; m <= 10 * 60; m += 10) {
      g = Math.max(3.5, g - 0.06 + 0.25 * rnd.nextGaussian());
      Instant t = T0.plus(Duration.ofMinutes(m));
      // Every fifth reading reaches the twin 12-25 min late, after newer ones (within the 30-min window).
      Instant arrival = m % 50 == 0 ? t.plus(Duration.ofMinutes(12 + rnd.nextInt(14))) : t;
      steps.add(new Observe(arrival, new TwinObservation("g" + m, t, "glucose", m % 60 == 0 ? "lab" : "cgm", g,
          false)));
      if (m % 120 == 0) {
        steps.add(new Ask(t.plusSeconds(1)));
      }
    }
    steps.add(new Give(T0.plus(Duration.ofMinutes(185)), new TwinDose("ins1", T0.plus(Duration.ofMinutes(175)),
        "insulin", false, 3.5, "[iU]/h")));
    steps.add(new Give(T0.plus(Duration.ofMinutes(301)), new TwinDose("bol1", T0.plus(Duration.ofMinutes(301)),
        "insulin", true, 2, "[iU]")));
    steps.add(new Observe(T0.plus(Duration.ofMinutes(302)), new TwinObservation("g-dup", T0.plus(
        Duration.ofMinutes(299)), "glucose", "poc", 30, false)));
    for (int h = 1; h <= 10; h += 3) {
      steps.add(new Look(T0.plus(Duration.ofHours(h)).plusSeconds(2)));
    }
    List<Step> script = byArrival(steps);
    // Split just before a late reading arrives whose time precedes the export.
    Instant cut = T0.plus(Duration.ofMinutes(310));
    int split = splitAt(script, cut);
    assertThat(script.subList(split, script.size())).anySatisfy(s -> assertThat(s instanceof Observe o
        && o.o().time().isBefore(cut.minus(Duration.ofMinutes(5)))).isTrue());
    assertRestoredTwinContinuesIdentically(spec, script, split);
  }

  @Test
  void aRestoredNorepinephrineTwinContinuesExactlyWithLateOutlierAndFlatLineData() {
    var spec = new TwinSpec("p2", TwinKind.NOREPINEPHRINE_MAP, "adult-icu", Covariates.none().weightKg(70), T0,
        OptionalDouble.empty(), Optional.empty());
    Random rnd = new Random(7);
    var steps = new ArrayList<Step>();
    steps.add(new Give(T0, new TwinDose("ne0", T0, "norepinephrine", false, 0.08, "ug/kg/min")));
    // Nine hours at one reading a minute: longer than the late window plus the six-hour look-back,
    // so the export also carries what the timeline has already forgotten.
    for (int m = 1; m <= 9 * 60; m++) {
      Instant t = T0.plus(Duration.ofMinutes(m));
      double map = 60 + 6 * Math.tanh(m / 120.0) + 2.5 * rnd.nextGaussian();
      if (m >= 400 && m < 410) {
        map = 71.0; // a stuck transducer: flat line
      }
      if (m == 415 || m == 441) {
        map = 140; // an outlier
      }
      Instant arrival = m % 37 == 0 ? t.plus(Duration.ofMinutes(3 + rnd.nextInt(20))) : t;
      steps.add(new Observe(arrival, new TwinObservation("map" + m, t, "map", "arterial-line", map, false)));
      if (m % 60 == 30) {
        steps.add(new Ask(t.plusSeconds(1)));
      }
      if (m % 150 == 0) {
        steps.add(new Give(t.plusSeconds(2), new TwinDose("ne" + m, t.minus(Duration.ofMinutes(4)), "norepinephrine",
            false, 0.08 + 0.01 * (m / 150), "ug/kg/min")));
      }
    }
    for (int h = 1; h <= 9; h += 2) {
      steps.add(new Look(T0.plus(Duration.ofHours(h)).plusSeconds(3)));
    }
    List<Step> script = byArrival(steps);
    int split = splitAt(script, T0.plus(Duration.ofMinutes(444)));
    PatientTwin restored = assertRestoredTwinContinuesIdentically(spec, script, split);
    var reasons = restored.exportState().infusion().timeline().log().stream()
        .map(i -> i.status() == null ? null : i.status().reason()).filter(r -> r != null).toList();
    assertThat(reasons).as("the stuck transducer and the outliers were refused").contains("FLAT_LINE")
        .containsAnyOf("INNOVATION_OUTLIER", "IMPOSSIBLE_JUMP", "OUTSIDE_PLAUSIBLE_RANGE");
  }

  @Test
  void aRestoredVancomycinTwinContinuesExactly() {
    Covariates cov = Covariates.none().weightKg(80).creatinineClearanceMlPerMin(60)
        .with(Covariate.HAEMODIALYSIS, false);
    var spec = new TwinSpec("v", TwinKind.VANCOMYCIN, "adult-icu", cov, T0, OptionalDouble.empty(), Optional.empty());
    var steps = new ArrayList<Step>();
    steps.add(new Ask(T0));
    for (int d = 0; d < 3; d++) {
      Instant start = T0.plus(Duration.ofHours(12L * d));
      steps.add(new Give(start.plusSeconds(1), new TwinDose("on" + d, start, "vancomycin", false, 1000, "mg/h")));
      steps.add(new Give(start.plus(Duration.ofMinutes(90)), new TwinDose("off" + d, start.plus(Duration.ofMinutes(
          90)), "vancomycin", false, 0, "mg/h")));
    }
    steps.add(new Give(T0.plus(Duration.ofHours(30)), new TwinDose("whole", T0.plus(Duration.ofHours(30)),
        "vancomycin", true, 750, "mg")));
    steps.add(new Observe(T0.plus(Duration.ofHours(11)), new TwinObservation("lvl1", T0.plus(Duration.ofHours(11)),
        "vancomycin", "lab", 12.5, false)));
    steps.add(new Ask(T0.plus(Duration.ofHours(11)).plusSeconds(1)));
    // A level taken at 23 h reported at 26 h, after the next one was already in.
    steps.add(new Observe(T0.plus(Duration.ofHours(26)), new TwinObservation("lvl2", T0.plus(Duration.ofHours(23)),
        "vancomycin", "lab", 17.0, false)));
    steps.add(new Observe(T0.plus(Duration.ofHours(25)), new TwinObservation("lvl3", T0.plus(Duration.ofHours(25)),
        "vancomycin", "lab", 9.0, true)));
    steps.add(new Observe(T0.plus(Duration.ofHours(27)), new TwinObservation("lvl3", T0.plus(Duration.ofHours(25)),
        "vancomycin", "lab", 9.0, true)));
    steps.add(new Look(T0.plus(Duration.ofHours(27)).plusSeconds(1)));
    steps.add(new Ask(T0.plus(Duration.ofHours(31))));
    List<Step> script = byArrival(steps);
    assertRestoredTwinContinuesIdentically(spec, script, splitAt(script, T0.plus(Duration.ofHours(24))));
  }

  @Test
  void aStateOfAnotherFormatVersionOrKindIsRefusedNamingTheVersion() {
    PatientTwin twin = PatientTwin.create(PatientTwinTest.glucoseSpec(80, 9), PatientTwinTest.LIBRARY);
    TwinExport good = twin.exportState();
    var future = new TwinExport(TwinExport.FORMAT_VERSION + 1, good.kind(), good.infusion(), null);
    assertThatThrownBy(() -> PatientTwin.restore(PatientTwinTest.glucoseSpec(80, 9), PatientTwinTest.LIBRARY, future))
        .isInstanceOf(UnreadableTwinStateException.class)
        .hasMessageContaining("format version " + (TwinExport.FORMAT_VERSION + 1))
        .hasMessageContaining("reads only format " + TwinExport.FORMAT_VERSION);
    var map = new TwinSpec("p1", TwinKind.NOREPINEPHRINE_MAP, "adult-icu", Covariates.none().weightKg(80), T0,
        OptionalDouble.empty(), Optional.empty());
    assertThatThrownBy(() -> PatientTwin.restore(map, PatientTwinTest.LIBRARY, good))
        .isInstanceOf(UnreadableTwinStateException.class)
        .hasMessageContaining("GLUCOSE_INSULIN twin").hasMessageContaining("NOREPINEPHRINE_MAP");
  }

  @Test
  void theTimelineForgetsItemsOlderThanTheLateWindowPlusTheLookBackSoMemoryStaysBounded() {
    var spec = new TwinSpec("p3", TwinKind.NOREPINEPHRINE_MAP, "adult-icu", Covariates.none().weightKg(70), T0,
        OptionalDouble.empty(), Optional.empty());
    PatientTwin twin = PatientTwin.create(spec, PatientTwinTest.LIBRARY);
    twin.administer(new TwinDose("ne0", T0, "norepinephrine", false, 0.08, "ug/kg/min"));
    Random rnd = new Random(11);
    int readings = 24 * 60;
    for (int m = 1; m <= readings; m++) {
      twin.observe(new TwinObservation("map" + m, T0.plus(Duration.ofMinutes(m)), "map", "arterial-line",
          66 + 3 * rnd.nextGaussian(), false));
    }
    var timeline = twin.exportState().infusion().timeline();
    // Retained: the 30-min late window plus the 6-h look-back of the quality checks and drift (one a minute).
    assertThat(timeline.log().size()).isBetween(30 + 360 - 2, 30 + 360 + 2);
    assertThat(timeline.checkpoints().size()).isBetween(30, 32);
    assertThat(timeline.settled()).isEmpty();
    assertThat(timeline.newestBySource()).extracting(TimelineState.Newest::source).containsExactly("arterial-line");
    // A forgotten id sent again is refused as late, no longer as a duplicate.
    ItemResult again = twin.observe(new TwinObservation("map10", T0.plus(Duration.ofMinutes(10)), "map",
        "arterial-line", 66, false));
    assertThat(again.applied()).isFalse();
    assertThat(again.reason()).isEqualTo("LATE_BEYOND_WINDOW");
    assertThat(twin.describe(T0.plus(Duration.ofMinutes(readings))).applied()).isGreaterThan(readings - 20);
  }
}
