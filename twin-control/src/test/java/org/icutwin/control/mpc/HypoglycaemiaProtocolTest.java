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

  /** A measured 5.0 mmol/L or more contradicts a twin that believes in hypoglycaemia: no dextrose on its word. */
  @Test
  void aReassuringReadingOverridesALowEstimate() {
    assertThat(P.dextrose(12.3, 2.3, 1.9, Double.POSITIVE_INFINITY)).isEmpty();
    assertThat(P.dextrose(5.0, 2.3, 1.0, Double.POSITIVE_INFINITY)).isEmpty();
    assertThat(P.dextrose(4.9, 2.3, 1.0, Double.POSITIVE_INFINITY)).isPresent();
  }
}
