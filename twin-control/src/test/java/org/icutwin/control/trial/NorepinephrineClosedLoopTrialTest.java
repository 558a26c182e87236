package org.icutwin.control.trial;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * The closed-loop norepinephrine trial: 30 virtual septic-shock patients, 24 h, 1-min MAP.
 *
 * <p>Measured on 2026-11-22 with the shipped configuration (set point 71.5, P(MAP < 65) ≤ 5%): 83.5%
 * of time in 65-75 mm[Hg], 3.86% below 65 (3.01% after the first hour), mean dose 0.112 ug/kg/min.
 * Also tried (docs/control.md): set point 70 with a 16% bound: 89.3% in band, 5.56% below 65;
 * set point 70 with a 5% bound: 84.6%, 5.65%. The issue's target (≥ 85% in band and < 2% below 65)
 * is kept as a disabled test; the enabled one guards the measured level.
 */
class NorepinephrineClosedLoopTrialTest {

  @Test
  void mapIsKeptNearTheBandAtTheMeasuredLevel() {
    var s = NorepinephrineClosedLoopTrial.run(30, 77);
    assertThat(s.meanTimeInBand()).as(s.toString()).isGreaterThanOrEqualTo(0.80);
    assertThat(s.meanTimeBelow65()).as(s.toString()).isLessThan(0.05);
    assertThat(s.meanTimeBelow65AfterFirstHour()).as(s.toString()).isLessThan(0.04);
  }

  @Test
  @Disabled("issue target not met: measured 83.5% in band and 3.86% of time below 65 mm[Hg] (see class Javadoc)")
  void issueTarget() {
    var s = NorepinephrineClosedLoopTrial.run(30, 77);
    assertThat(s.meanTimeInBand()).isGreaterThanOrEqualTo(0.85);
    assertThat(s.meanTimeBelow65()).isLessThan(0.02);
  }
}
