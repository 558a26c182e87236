package org.icutwin.control.mpc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HypoglycaemiaProtocolTest {

  static final HypoglycaemiaProtocol P = HypoglycaemiaProtocol.standard();

  @Test
  void aLowReadingOrALowEstimateProposesDextroseAtMostEveryFifteenMinutes() {
    assertThat(P.dextrose(3.2, 6.0, 0.5, Double.POSITIVE_INFINITY)).isPresent();
    assertThat(P.dextrose(Double.NaN, 3.2, 0.5, Double.POSITIVE_INFINITY)).isPresent();
    assertThat(P.dextrose(4.6, 3.2, 0.5, Double.POSITIVE_INFINITY)).isPresent();
    assertThat(P.dextrose(3.2, 6.0, 0.5, 14)).isEmpty();
    // Still low at the 15-min re-check (a reading taken after the bolus): another bolus, as hypoglycaemia protocols repeat.
    assertThat(P.dextrose(3.2, 1, 6.0, 0.5, 16)).isPresent();
    assertThat(P.dextrose(3.2, 20, 6.0, 0.5, 16)).as("the reading the first bolus answered").isEmpty();
    // The twin's estimate alone repeats a rescue only after 30 min.
    assertThat(P.dextrose(6.0, 20, 2.5, 0.3, 16)).isEmpty();
    assertThat(P.dextrose(4.6, 20, 2.5, 0.3, 31)).isPresent();
    assertThat(P.dextrose(6.0, 6.0, 0.5, Double.POSITIVE_INFINITY)).isEmpty();
  }

  /** A re-check below 4.0 within an hour after a rescue brings another; later, or before the rescue, 3.5 holds. */
  @Test
  void aReCheckStillBelowFourAfterARescueIsTreatedAgain() {
    assertThat(P.dextrose(3.8, 1, 6.0, 0.5, 16)).isPresent();
    assertThat(P.dextrose(3.8, 1, 6.0, 0.5, 60)).isPresent();
    assertThat(P.dextrose(3.8, 1, 6.0, 0.5, 61)).isEmpty();
    assertThat(P.dextrose(3.8, 1, 6.0, 0.5, Double.POSITIVE_INFINITY)).isEmpty();
    assertThat(P.dextrose(4.0, 1, 6.0, 0.5, 16)).isEmpty();
    assertThat(P.dextrose(3.8, 20, 6.0, 0.5, 16)).as("taken before the rescue").isEmpty();
    assertThat(P.dextrose(3.8, 1, 6.0, 0.5, 14)).as("within the 15-min interval").isEmpty();
  }

  /** A measured 5.0 mmol/L or more contradicts a twin that believes in hypoglycaemia: no dextrose on its word. */
  @Test
  void aReassuringReadingOverridesALowEstimate() {
    assertThat(P.dextrose(12.3, 2.3, 1.9, Double.POSITIVE_INFINITY)).isEmpty();
    assertThat(P.dextrose(5.0, 2.3, 1.0, Double.POSITIVE_INFINITY)).isEmpty();
    assertThat(P.dextrose(4.9, 2.3, 1.0, Double.POSITIVE_INFINITY)).isPresent();
  }

  /**
   * A CGM reading lower than glucose could have fallen since a blood glucose (6 mmol/L/h, with a
   * margin of the larger of 1.1 mmol/L and 20% of the blood value) is contradicted by it.
   */
  @Test
  void aBloodGlucoseContradictsALaterCgmReadingOnlyBeyondTheFastestFallAndTheSensorsErrors() {
    // 9.05 then 3.45 18 min later (seen in the CGM trial: a compressed sensor): 9.05 - 1.8 - 1.81 = 5.44.
    assertThat(HypoglycaemiaProtocol.bloodContradictsCgm(3.45, 18, 9.05, 0)).isTrue();
    assertThat(HypoglycaemiaProtocol.bloodContradictsCgm(5.40, 18, 9.05, 0)).isTrue();
    assertThat(HypoglycaemiaProtocol.bloodContradictsCgm(5.48, 18, 9.05, 0)).isFalse();
    // A fall that could have happened: 5.5 then 3.0 30 min later (5.5 - 3.0 - 1.1 = 1.4).
    assertThat(HypoglycaemiaProtocol.bloodContradictsCgm(3.0, 30, 5.5, 0)).isFalse();
    // The margin's floor of 1.1 mmol/L (20 mg/dL) below 5.5 mmol/L: 4.5 then 3.45 at once is within it, 3.35 is not.
    assertThat(HypoglycaemiaProtocol.bloodContradictsCgm(3.45, 0, 4.5, 0)).isFalse();
    assertThat(HypoglycaemiaProtocol.bloodContradictsCgm(3.35, 0, 4.5, 0)).isTrue();
    // Only within the hour after the blood, and only for a CGM reading taken after it.
    assertThat(HypoglycaemiaProtocol.bloodContradictsCgm(2.5, 60, 12.0, 0)).isTrue();
    assertThat(HypoglycaemiaProtocol.bloodContradictsCgm(2.5, 61, 12.0, 0)).isFalse();
    assertThat(HypoglycaemiaProtocol.bloodContradictsCgm(2.5, 0, 12.0, 5)).isFalse();
    assertThat(HypoglycaemiaProtocol.bloodContradictsCgm(2.5, 10, Double.NaN, 0)).isFalse();
    assertThat(HypoglycaemiaProtocol.bloodContradictsCgm(Double.NaN, 10, 9.0, 0)).isFalse();
    assertThat(HypoglycaemiaProtocol.bloodContradictsCgm(2.5, 10, 9.0, Double.NaN)).isFalse();
  }

  /** A CGM low brings dextrose at once only within two hours of a rescue or of a low blood glucose. */
  @Test
  void aCgmLowIsTreatedAtOnceOnlySoonAfterATreatedOrMeasuredLow() {
    assertThat(HypoglycaemiaProtocol.treatsCgmLowAtOnce(Double.POSITIVE_INFINITY, Double.NaN)).isFalse();
    assertThat(HypoglycaemiaProtocol.treatsCgmLowAtOnce(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY)).isFalse();
    assertThat(HypoglycaemiaProtocol.treatsCgmLowAtOnce(120, Double.NaN)).isTrue();
    assertThat(HypoglycaemiaProtocol.treatsCgmLowAtOnce(121, Double.NaN)).isFalse();
    assertThat(HypoglycaemiaProtocol.treatsCgmLowAtOnce(Double.POSITIVE_INFINITY, 120)).isTrue();
    assertThat(HypoglycaemiaProtocol.treatsCgmLowAtOnce(Double.POSITIVE_INFINITY, 121)).isFalse();
  }
}
