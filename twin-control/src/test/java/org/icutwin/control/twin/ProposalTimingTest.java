package org.icutwin.control.twin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ProposalTimingTest {

  static final Instant T = Instant.parse("2026-03-01T12:00:00Z");

  static ProposalDraft issued(Instant at, List<String> safety) {
    return issued(at, safety, at.plus(Duration.ofHours(1)));
  }

  static ProposalDraft issued(Instant at, List<String> safety, Instant measureAt) {
    return new ProposalDraft("insulin", "adult-icu", ProposalDraft.Kind.RATE, Optional.empty(), Optional.empty(),
        Optional.empty(), List.of(), at, at.plus(Duration.ofMinutes(30)), safety.isEmpty() ? "PASSED" : "WITHHELD", false,
        List.of(), safety, OptionalDouble.empty(), measureAt, "glucose", "mmol/L", List.of(), List.of(), "m", Map.of());
  }

  @Test
  void routineReadingsWaitForTheDecisionIntervalUnlessTheLastProposalAskedForThisReading() {
    assertThat(ProposalTiming.due(TwinKind.GLUCOSE_INSULIN, Optional.empty(), T)).isTrue();
    var passed = Optional.of(issued(T, List.of()));
    assertThat(ProposalTiming.due(TwinKind.GLUCOSE_INSULIN, passed, T.plus(Duration.ofMinutes(14)))).isFalse();
    assertThat(ProposalTiming.due(TwinKind.GLUCOSE_INSULIN, passed, T.plus(Duration.ofMinutes(15)))).isTrue();
    assertThat(ProposalTiming.due(TwinKind.NOREPINEPHRINE_MAP, passed, T.plus(Duration.ofMinutes(4)))).isFalse();
    assertThat(ProposalTiming.due(TwinKind.NOREPINEPHRINE_MAP, passed, T.plus(Duration.ofMinutes(5)))).isTrue();
    assertThat(ProposalTiming.due(TwinKind.VANCOMYCIN, passed, T)).isTrue();
    // Withheld for stale data, it asked for a reading now: that reading is answered at once, even at
    // the same instant; so is one a proposal asked for in 10 min (a feed stopped, a fast fall).
    var stale = Optional.of(issued(T, List.of("STALE_MEASUREMENT"), T));
    assertThat(ProposalTiming.due(TwinKind.GLUCOSE_INSULIN, stale, T)).isTrue();
    assertThat(ProposalTiming.due(TwinKind.GLUCOSE_INSULIN, stale, T.minusSeconds(60))).as("an older reading").isFalse();
    var soon = Optional.of(issued(T, List.of(), T.plus(Duration.ofMinutes(10))));
    assertThat(ProposalTiming.due(TwinKind.GLUCOSE_INSULIN, soon, T.plus(Duration.ofMinutes(5)))).isFalse();
    assertThat(ProposalTiming.due(TwinKind.GLUCOSE_INSULIN, soon, T.plus(Duration.ofMinutes(10)))).isTrue();
    var drift = Optional.of(issued(T, List.of("DRIFT_ALERT")));
    assertThat(ProposalTiming.due(TwinKind.GLUCOSE_INSULIN, drift, T.plus(Duration.ofMinutes(5)))).isFalse();
    // Refused by the filter as contradicting the twin, a reading counts; a duplicate or a late one does not.
    assertThat(ProposalTiming.counts(new ItemResult(true, "", ""))).isTrue();
    assertThat(ProposalTiming.counts(new ItemResult(false, "INNOVATION_OUTLIER", ""))).isTrue();
    assertThat(ProposalTiming.counts(new ItemResult(false, "FLAT_LINE", ""))).isTrue();
    assertThat(ProposalTiming.counts(new ItemResult(false, "LATE_BEYOND_WINDOW", ""))).isFalse();
    assertThat(ProposalTiming.counts(new ItemResult(false, "DUPLICATE", ""))).isFalse();
    assertThat(ProposalTiming.counts(new ItemResult(false, "BEFORE_ADMISSION", ""))).isFalse();
  }

  @Test
  void anAdvisedMeasurementThatDoesNotComeIsOverdueAfterItsGraceForADay() {
    ProposalDraft p = issued(T, List.of(), T.plus(Duration.ofHours(2)));
    Instant advised = T.plus(Duration.ofHours(2));
    Optional<Instant> basedOn = Optional.of(T);
    assertThat(ProposalTiming.measurementOverdue(TwinKind.GLUCOSE_INSULIN, p, basedOn, advised.plusSeconds(29 * 60)))
        .isFalse();
    assertThat(ProposalTiming.measurementOverdue(TwinKind.GLUCOSE_INSULIN, p, basedOn, advised.plusSeconds(31 * 60)))
        .isTrue();
    assertThat(ProposalTiming.measurementOverdue(TwinKind.GLUCOSE_INSULIN, p, Optional.empty(),
        advised.plusSeconds(31 * 60))).as("no reading at all").isTrue();
    assertThat(ProposalTiming.measurementOverdue(TwinKind.GLUCOSE_INSULIN, p, Optional.of(advised.plusSeconds(60)),
        advised.plusSeconds(31 * 60))).as("measured since").isFalse();
    assertThat(ProposalTiming.measurementOverdue(TwinKind.VANCOMYCIN, p, basedOn, advised.plus(Duration.ofMinutes(90))))
        .as("a level: the laboratory's turnaround").isFalse();
    assertThat(ProposalTiming.measurementOverdue(TwinKind.VANCOMYCIN, p, basedOn, advised.plus(Duration.ofMinutes(121))))
        .isTrue();
    assertThat(ProposalTiming.measurementOverdue(TwinKind.NOREPINEPHRINE_MAP, p, basedOn, advised.plus(Duration.ofHours(3))))
        .as("MAP: told by staleness").isFalse();
    assertThat(ProposalTiming.measurementOverdue(TwinKind.GLUCOSE_INSULIN, p, basedOn, advised.plus(Duration.ofHours(25))))
        .as("a replay of old data").isFalse();
  }

  @Test
  void readingsBeyondTheRiskLimitAreAnsweredAtOnceALowMapAtMostOnceAMinute() {
    var last = Optional.of(issued(T, List.of()));
    assertThat(ProposalTiming.urgentDue(TwinKind.GLUCOSE_INSULIN, last, T)).isTrue();
    assertThat(ProposalTiming.urgentDue(TwinKind.NOREPINEPHRINE_MAP, last, T.plusSeconds(59))).isFalse();
    assertThat(ProposalTiming.urgentDue(TwinKind.NOREPINEPHRINE_MAP, last, T.plusSeconds(60))).isTrue();
    Target glucose = new Target("glucose", "mmol/L", 4.4, 8.0, 4.0, false);
    assertThat(ProposalTiming.beyondRiskLimit(glucose, 3.9, "mmol/L")).isTrue();
    assertThat(ProposalTiming.beyondRiskLimit(glucose, 4.0, "mmol/L")).isFalse();
    assertThat(ProposalTiming.beyondRiskLimit(glucose, 3.9, "mg/dL")).as("another unit is not compared").isFalse();
    Target auc = new Target("auc24", "mg.h/L", 400, 600, 700, true);
    assertThat(ProposalTiming.beyondRiskLimit(auc, 701, "mg.h/L")).isTrue();
    assertThat(ProposalTiming.beyondRiskLimit(auc, 650, "mg.h/L")).isFalse();
  }
}
