package org.icutwin.control.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.icutwin.control.recommend.DextroseInfusionAdvice.Reason;
import org.icutwin.control.recommend.DextroseInfusionAdvice.Rule;
import org.icutwin.core.druglib.DrugLibrary;
import org.junit.jupiter.api.Test;

class DextroseInfusionAdviceTest {

  static final Rule RULE = Rule.standard();
  static final double INF = Double.POSITIVE_INFINITY;

  static Optional<DextroseInfusionAdvice> rescue(double sinceLastRescue, double reading, double current, double baseline) {
    return DextroseInfusionAdvice.advise(RULE, true, sinceLastRescue, reading, true, current, baseline, 10, INF);
  }

  @Test
  void aSecondRescueWithinTwoHoursOrASevereLowStartsTenGramsAnHourAboveTheBaseline() {
    assertThat(rescue(INF, 3.0, 0, 0)).as("a first, moderate low: the bolus alone").isEmpty();
    assertThat(rescue(121, 3.0, 0, 0)).as("the previous rescue more than 2 h ago").isEmpty();
    DextroseInfusionAdvice second = rescue(120, 3.0, 0, 0).orElseThrow();
    assertThat(second.reason()).isEqualTo(Reason.START_DEXTROSE_REPEATED_HYPOGLYCAEMIA);
    assertThat(second.advisedGPerH()).isEqualTo(10.0);
    DextroseInfusionAdvice severe = rescue(INF, 2.1, 3, 3).orElseThrow();
    assertThat(severe.reason()).isEqualTo(Reason.START_DEXTROSE_REPEATED_HYPOGLYCAEMIA);
    assertThat(severe.advisedGPerH()).as("on top of the clinician's 3 g/h").isEqualTo(13.0);
    assertThat(severe.baselineGPerH()).isEqualTo(3.0);
    assertThat(DextroseInfusionAdvice.advise(RULE, false, 40, 2.0, true, 0, 0, INF, INF)).as("no rescue now").isEmpty();
  }

  @Test
  void eachFurtherRescueRaisesOneStepToTheProtocolsMostAndNeverPastTheLibrary() {
    DextroseInfusionAdvice raise = rescue(INF, 3.2, 10, 0).orElseThrow();
    assertThat(raise.reason()).isEqualTo(Reason.RAISE_DEXTROSE_REPEATED_HYPOGLYCAEMIA);
    assertThat(raise.advisedGPerH()).isEqualTo(15.0);
    assertThat(rescue(40, 3.2, 18, 0).orElseThrow().advisedGPerH()).isEqualTo(20.0);
    assertThat(rescue(40, 3.2, 20, 0)).as("at 20 g/h above the baseline").isEmpty();
    assertThat(rescue(40, 3.2, 24, 5).orElseThrow().advisedGPerH()).isEqualTo(25.0);
    assertThat(DextroseInfusionAdvice.advise(RULE, true, 40, 3.2, true, 10, 0, 0, 12.0)).get()
        .extracting(DextroseInfusionAdvice::advisedGPerH).isEqualTo(12.0);
    assertThat(DextroseInfusionAdvice.advise(RULE, true, 40, 3.2, true, 12, 0, 0, 12.0)).isEmpty();
    // Urgent: a raise does not wait for the hour since the last change.
    assertThat(DextroseInfusionAdvice.advise(RULE, true, 30, 3.2, true, 10, 0, 1, INF)).isPresent();
  }

  @Test
  void weaningNeedsTwoHoursWithoutRescueAFreshReadingOfSixAndAnHourSinceTheLastChange() {
    var wean = DextroseInfusionAdvice.advise(RULE, false, 121, 6.0, true, 15, 2, 60, INF).orElseThrow();
    assertThat(wean.reason()).isEqualTo(Reason.WEAN_DEXTROSE);
    assertThat(wean.advisedGPerH()).isEqualTo(10.0);
    assertThat(DextroseInfusionAdvice.advise(RULE, false, 119, 6.0, true, 15, 2, 60, INF)).isEmpty();
    assertThat(DextroseInfusionAdvice.advise(RULE, false, 121, 5.9, true, 15, 2, 60, INF)).isEmpty();
    assertThat(DextroseInfusionAdvice.advise(RULE, false, 121, 6.0, false, 15, 2, 60, INF)).as("stale data").isEmpty();
    assertThat(DextroseInfusionAdvice.advise(RULE, false, 121, 6.0, true, 15, 2, 59, INF)).isEmpty();
    assertThat(DextroseInfusionAdvice.advise(RULE, false, 121, Double.NaN, true, 15, 2, 60, INF)).isEmpty();
    // Never below the clinician's own rate, and a clinician's infusion alone is never weaned.
    assertThat(DextroseInfusionAdvice.advise(RULE, false, INF, 9.0, true, 4, 2, 60, INF)).get()
        .extracting(DextroseInfusionAdvice::advisedGPerH).isEqualTo(2.0);
    assertThat(DextroseInfusionAdvice.advise(RULE, false, INF, 9.0, true, 5, 5, 60, INF)).isEmpty();
    // A clinician who lowered the infusion below the old baseline: the baseline is what runs.
    assertThat(DextroseInfusionAdvice.advise(RULE, false, INF, 9.0, true, 3, 5, 60, INF)).isEmpty();
  }

  @Test
  void nonFiniteInputsGiveNoAdviceOrAFiniteOne() {
    assertThat(DextroseInfusionAdvice.advise(RULE, false, Double.NaN, Double.NaN, true, Double.NaN, Double.NaN,
        Double.NaN, Double.NaN)).isEmpty();
    var a = DextroseInfusionAdvice.advise(RULE, true, 10, Double.NaN, true, Double.NaN, Double.NaN, Double.NaN,
        Double.NaN).orElseThrow();
    assertThat(a.advisedGPerH()).isEqualTo(10.0);
    assertThat(a.currentGPerH()).isZero();
  }

  @Test
  void theLimitIsTheShippedLibrarysSoftMaximumAndARuleMustBeSane() {
    DrugLibrary library = DrugLibrary.load(Path.of("../config/drug-library.json"));
    assertThat(DextroseInfusionAdvice.limitGPerH(library.find("dextrose", "adult-icu"))).isEqualTo(20.0);
    assertThat(DextroseInfusionAdvice.limitGPerH(Optional.empty())).isEqualTo(INF);
    assertThatThrownBy(() -> DextroseInfusionAdvice.limitGPerH(library.find("insulin", "adult-icu")))
        .as("no g/h limit can come from a U/h entry").isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("g/h");
    assertThatThrownBy(() -> new Rule(120, 2.2, 0, 5, 20, 120, 6, 60)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Rule(120, 2.2, 10, 5, 5, 120, 6, 60)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Rule(Double.NaN, 2.2, 10, 5, 20, 120, 6, 60))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
