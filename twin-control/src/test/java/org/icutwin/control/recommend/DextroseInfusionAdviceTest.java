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

  /** A rescue on a new low reading (taken just now). */
  static Optional<DextroseInfusionAdvice> rescue(double sinceLastRescue, double reading, double current, double baseline) {
    return DextroseInfusionAdvice.advise(RULE, true, sinceLastRescue, reading, 0, true, current, baseline, 10, INF);
  }

  /** No rescue now; a reading of {@code reading} taken {@code sinceReading} ago. */
  static Optional<DextroseInfusionAdvice> later(double sinceLastRescue, double reading, double sinceReading,
      boolean fresh, double current, double baseline, double sinceChange) {
    return DextroseInfusionAdvice.advise(RULE, false, sinceLastRescue, reading, sinceReading, fresh, current, baseline,
        sinceChange, INF);
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
    assertThat(later(40, 2.0, 0, true, 0, 0, INF)).as("no rescue now").isEmpty();
  }

  /**
   * A rescue the twin's estimate called for, or one answering a reading older than the previous
   * rescue, is not a measured repeat: the caller passes {@code rescueOnReading = false} and nothing
   * starts or rises.
   */
  @Test
  void aRescueNotCalledForByANewReadingNeverStartsOrRaisesTheInfusion() {
    assertThat(DextroseInfusionAdvice.advise(RULE, false, 40, 3.0, 45, true, 0, 0, INF, INF)).isEmpty();
    assertThat(DextroseInfusionAdvice.advise(RULE, false, 40, 2.0, 45, true, 10, 0, 30, INF)).isEmpty();
  }

  @Test
  void eachFurtherRescueRaisesOneStepToTheProtocolsMostAndNeverPastTheLibrary() {
    DextroseInfusionAdvice raise = rescue(INF, 3.2, 10, 0).orElseThrow();
    assertThat(raise.reason()).isEqualTo(Reason.RAISE_DEXTROSE_REPEATED_HYPOGLYCAEMIA);
    assertThat(raise.advisedGPerH()).isEqualTo(15.0);
    assertThat(rescue(40, 3.2, 18, 0).orElseThrow().advisedGPerH()).isEqualTo(20.0);
    assertThat(rescue(40, 3.2, 20, 0)).as("at 20 g/h above the baseline").isEmpty();
    assertThat(rescue(40, 3.2, 24, 5).orElseThrow().advisedGPerH()).isEqualTo(25.0);
    assertThat(DextroseInfusionAdvice.advise(RULE, true, 40, 3.2, 0, true, 10, 0, 0, 12.0)).get()
        .extracting(DextroseInfusionAdvice::advisedGPerH).isEqualTo(12.0);
    assertThat(DextroseInfusionAdvice.advise(RULE, true, 40, 3.2, 0, true, 12, 0, 0, 12.0)).isEmpty();
    // Urgent: a raise does not wait for the hour since the last change.
    assertThat(DextroseInfusionAdvice.advise(RULE, true, 30, 3.2, 0, true, 10, 0, 1, INF)).isPresent();
  }

  @Test
  void weaningNeedsTwoHoursWithoutRescueAndASettledFreshReadingOfSix() {
    var wean = later(121, 6.0, 10, true, 15, 2, 60).orElseThrow();
    assertThat(wean.reason()).isEqualTo(Reason.WEAN_DEXTROSE);
    assertThat(wean.advisedGPerH()).isEqualTo(10.0);
    assertThat(later(119, 6.0, 10, true, 15, 2, 60)).as("within 2 h of the last rescue").isEmpty();
    assertThat(later(121, 5.9, 10, true, 15, 2, 60)).as("below 6").isEmpty();
    assertThat(later(121, 6.0, 10, false, 15, 2, 60)).as("stale data").isEmpty();
    assertThat(later(121, 6.0, 10, true, 15, 2, 59)).as("changed within the hour").isEmpty();
    assertThat(later(121, Double.NaN, 10, true, 15, 2, 60)).isEmpty();
    assertThat(later(200, 6.5, 61, true, 15, 2, 120)).as("the reading is over an hour old").isEmpty();
    assertThat(later(121, 6.5, 62, true, 15, 2, 120))
        .as("taken 59 min after the rescue: the bolus's transient, not settled glucose").isEmpty();
    assertThat(later(150, 6.5, 70, true, 15, 2, 65)).as("taken before the last rate change").isEmpty();
    assertThat(later(121, 6.5, Double.NaN, true, 15, 2, 120)).as("unknown reading time").isEmpty();
    // Never below the clinician's own rate, and a clinician's infusion alone is never weaned.
    assertThat(later(INF, 9.0, 5, true, 4, 2, 60)).get().extracting(DextroseInfusionAdvice::advisedGPerH)
        .isEqualTo(2.0);
    assertThat(later(INF, 9.0, 5, true, 5, 5, 60)).isEmpty();
    // A clinician who lowered the infusion below the old baseline: the baseline is what runs.
    assertThat(later(INF, 9.0, 5, true, 3, 5, 60)).isEmpty();
  }

  @Test
  void nonFiniteInputsGiveNoAdviceOrAFiniteOne() {
    assertThat(DextroseInfusionAdvice.advise(RULE, false, Double.NaN, Double.NaN, Double.NaN, true, Double.NaN,
        Double.NaN, Double.NaN, Double.NaN)).isEmpty();
    var a = DextroseInfusionAdvice.advise(RULE, true, 10, Double.NaN, 0, true, Double.NaN, Double.NaN, Double.NaN,
        Double.NaN).orElseThrow();
    assertThat(a.advisedGPerH()).isEqualTo(10.0);
    assertThat(a.currentGPerH()).isZero();
  }

  @Test
  void theLimitIsTheLibrarysSoftMaximumReadForTheWeightAndARuleMustBeSane() {
    DrugLibrary library = DrugLibrary.load(Path.of("../config/drug-library.json"));
    assertThat(DextroseInfusionAdvice.limitGPerH(library.find("dextrose", "adult-icu"), 70)).isEqualTo(20.0);
    assertThat(DextroseInfusionAdvice.limitGPerH(Optional.empty(), 70)).isEqualTo(INF);
    // A glucose infusion rate in mg/kg/min: 5 mg/kg/min for 70 kg is 21 g/h.
    var gir = new org.icutwin.core.druglib.DrugLibraryEntry("dextrose", "Dextrose", "adult-icu", "test",
        new org.icutwin.core.units.Quantity(0.1, "g/mL"), Optional.of(new org.icutwin.core.druglib.RateLimits(
            new org.icutwin.core.druglib.DoseLimits("mg/kg/min", java.util.OptionalDouble.of(0),
                java.util.OptionalDouble.empty(), java.util.OptionalDouble.of(5), java.util.OptionalDouble.of(8)),
            java.util.OptionalDouble.empty())),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    assertThat(DextroseInfusionAdvice.limitGPerH(Optional.of(gir), 70))
        .isCloseTo(21.0, org.assertj.core.api.Assertions.within(1e-9));
    assertThatThrownBy(() -> DextroseInfusionAdvice.limitGPerH(library.find("insulin", "adult-icu"), 70))
        .as("no g/h limit can come from a U/h entry").isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("g/h");
    assertThatThrownBy(() -> new Rule(120, 2.2, 0, 5, 20, 120, 6, 60, 60, 60))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Rule(120, 2.2, 10, 5, 5, 120, 6, 60, 60, 60))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Rule(Double.NaN, 2.2, 10, 5, 20, 120, 6, 60, 60, 60))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
