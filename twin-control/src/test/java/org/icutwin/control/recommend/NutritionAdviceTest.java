package org.icutwin.control.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.icutwin.control.recommend.NutritionAdvice.Feed;
import org.icutwin.control.recommend.NutritionAdvice.Reason;
import org.junit.jupiter.api.Test;

class NutritionAdviceTest {

  static final Feed FULL = new Feed("enteral-nutrition", 8, 8, 120);

  @Test
  void aConstrainedHighPatientIsAdvisedOneStepDownToNoLessThanThirtyPercent() {
    NutritionAdvice a = NutritionAdvice.advise(List.of(FULL), true, 11.0, 8.0).get(0);
    assertThat(a.reason()).isEqualTo(Reason.REDUCE_FEED_INSULIN_CONSTRAINED);
    assertThat(a.advisedRate()).isCloseTo(6.0, within(1e-12));
    assertThat(a.goalRate()).isEqualTo(8);
    // From 40% of the goal a step would go to 15%: the floor is 30%.
    assertThat(NutritionAdvice.advise(List.of(new Feed("f", 3.2, 8, 120)), true, 11.0, 8.0).get(0).advisedRate())
        .isCloseTo(2.4, within(1e-12));
    // At the floor, nothing more; below it (a clinician's own lower rate), never advised up by a "reduction".
    assertThat(NutritionAdvice.advise(List.of(new Feed("f", 2.4, 8, 120)), true, 11.0, 8.0)).isEmpty();
    assertThat(NutritionAdvice.advise(List.of(new Feed("f", 1.0, 8, 120)), true, 11.0, 8.0)).isEmpty();
  }

  @Test
  void withAProposalTheReadingAndTheEstimateMustAgreeAndUntrustedDataGiveNone() {
    // A high reading the twin's estimate does not share (an outlier the filter refused): no reduction.
    assertThat(NutritionAdvice.forProposal(List.of(FULL), true, true, 14.0, 7.5, 8.0)).isEmpty();
    assertThat(NutritionAdvice.forProposal(List.of(FULL), true, true, 14.0, 12.0, 8.0)).hasSize(1);
    assertThat(NutritionAdvice.forProposal(List.of(FULL), false, true, 14.0, 12.0, 8.0)).isEmpty();
    // Either one low restores.
    assertThat(NutritionAdvice.forProposal(List.of(new Feed("f", 4, 8, 120)), true, true, 9.0, 4.8, 8.0))
        .singleElement().extracting(NutritionAdvice::reason).isEqualTo(Reason.RESTORE_FEED);
    assertThat(NutritionAdvice.forProposal(List.of(FULL), true, true, 14.0, Double.NaN, 8.0)).hasSize(1);
  }

  @Test
  void aFeedChangedWithinTheHourIsLeftToAct() {
    assertThat(NutritionAdvice.advise(List.of(new Feed("f", 8, 8, 59)), true, 11.0, 8.0)).isEmpty();
    assertThat(NutritionAdvice.advise(List.of(new Feed("f", 4, 8, 30)), false, 6.0, 8.0)).isEmpty();
    assertThat(NutritionAdvice.advise(List.of(new Feed("f", 8, 8, 60)), true, 11.0, 8.0)).hasSize(1);
  }

  @Test
  void noAdviceWhileInsulinCanStillDoTheWorkOrGlucoseIsInBand() {
    assertThat(NutritionAdvice.advise(List.of(FULL), false, 11.0, 8.0)).isEmpty();
    assertThat(NutritionAdvice.advise(List.of(FULL), true, 7.9, 8.0)).isEmpty();
    assertThat(NutritionAdvice.advise(List.of(FULL), true, Double.NaN, 8.0)).isEmpty();
    // A stopped feed (a procedure, a clinician's stop) or one without a goal is left alone.
    assertThat(NutritionAdvice.advise(List.of(new Feed("f", 0, 8, 120), new Feed("g", 5, 0, 120)), true, 11.0, 8.0)).isEmpty();
  }

  @Test
  void aReducedFeedIsRestoredStepwiseAsGlucoseComesDown() {
    Feed reduced = new Feed("f", 4, 8, 120);
    NutritionAdvice up = NutritionAdvice.advise(List.of(reduced), false, 6.5, 8.0).get(0);
    assertThat(up.reason()).isEqualTo(Reason.RESTORE_FEED);
    assertThat(up.advisedRate()).isCloseTo(6.0, within(1e-12));
    // Still constrained but low: restored anyway; constrained at 6.5: kept.
    assertThat(NutritionAdvice.advise(List.of(reduced), true, 4.8, 8.0).get(0).reason()).isEqualTo(Reason.RESTORE_FEED);
    assertThat(NutritionAdvice.advise(List.of(reduced), true, 6.5, 8.0)).isEmpty();
    // Never above the goal, and nothing to restore at it.
    assertThat(NutritionAdvice.advise(List.of(new Feed("f", 7, 8, 120)), false, 6.0, 8.0).get(0).advisedRate()).isEqualTo(8);
    assertThat(NutritionAdvice.advise(List.of(FULL), false, 6.0, 8.0)).isEmpty();
  }
}
