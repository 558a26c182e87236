package org.icutwin.control.trial;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * The closed-loop glucose trial: 30 virtual patients, 72 h each (docs/control.md).
 *
 * <p>Measured on 2026-11-22 through the full chain (MPC, hypoglycaemia protocol with the 60-min
 * hold after a rescue, safety envelope; the twin reads the sensor-blocked drift CUSUM). Tuning
 * cohorts (seed 42 BG, 43 CGM): blood glucose 1-4 hourly 79.8% of time in 4.4-8.0 mmol/L, 0.69%
 * below 4.0, none of 30 below 2.2 (lowest 2.50), 13.2 measurements a day, 52 proposals withheld,
 * 95 U insulin a day; CGM 77.0%, 0.76%, none (lowest 2.31), 278 a day, 156 withheld, 128 U/day.
 * Held-out cohorts (seed 2042 BG, 2043 CGM, not used for tuning): BG 74.7%, 0.13%, none (lowest
 * 2.75), 14.5 a day, 90 withheld, 123 U/day; CGM 80.7%, 0.34%, none (lowest 2.88), 88 withheld,
 * 108 U/day. Before (plain CUSUM, no hold): BG 79.6% with one patient at 2.12, CGM 74.0% with
 * 633 withheld; held-out 74.6% and 78.4%. Most remaining time out of band is above 8.0 in
 * patients whose need reaches the library's 250 U/24 h cap (7% of all time in the tuning BG
 * cohort, 11% held out). The issue's targets (≥ 85%, no value below 2.2, < 2% below 4.0) are
 * kept as disabled tests; the enabled ones guard the measured level.
 *
 * <p>Since 2026-12-04 a running insulin rate that would pass the cap while a proposal is withheld
 * is cut by the safety envelope (CAP_REDUCTION) instead of by a simulated pump: the same time in
 * band in all four cohorts, withheld 52 → 50, 156 → 154, 90 → 88, 88 → 83, every 24-h window ≤ 250 U.
 *
 * <p>Since 2026-12-05 the simulated clinician follows the twin's nutrition advice (STAR-style, feeds
 * between 30% and 100% of their goal while insulin is near its cap), a rescue enters the twin after
 * the reading that triggered it, and the CGM arm decides every 15 min: BG 85.4% (held out 80.7%),
 * CGM 79.4% (held out 83.1%), none below 2.2 in any cohort, 90-95% of planned nutrition given
 * (docs/control.md).
 *
 * <p>Later on 2026-12-05 three fresh cohorts per arm (3042-5042 BG, 3043-5043 CGM) found a CGM
 * patient at 1.90 mmol/L: the CGM dropped out and came back stuck while the twin dosed on its own
 * prediction. A CGM-fed twin is now stale after 30 min, a stuck CGM is rejected from its first
 * repeat, lows are re-checked within 30 min, and the simulated nurse confirms CGM lows and answers a
 * stale twin with a blood glucose: CGM 80.9% (tuning), 83.2% / 77.4% / 80.6% / 78.6% (the others),
 * BG unchanged to ±0.4; 4043 still has one patient at 1.66 (docs/control.md).
 *
 * <p>Then: a dextrose infusion after repeated rescues (4043's patient 1.66 → 1.90); a held-out
 * Hovorka-structure cohort, on which blood-glucose control had severe lows, answered by the reading
 * trend (a measured fall or a missed prediction brings the next reading within 1-2 h) and a p3
 * random walk of 1.0/√day: BG 85.5% (held out 79.9 / 81.8 / 71.2 / 76.0), CGM 80.6% (82.2 / 77.0 /
 * 80.2 / 78.8; 4043 at 1.95), Hovorka BG 73-85% with one severe low in three of four cohorts,
 * Hovorka CGM 84.5 / 84.0% (docs/control.md).
 */
class GlucoseClosedLoopTrialTest {

  @Test
  void bloodGlucoseEveryOneToFourHoursMeetsTheMeasuredLevel() {
    var s = GlucoseClosedLoopTrial.run(30, 42, false);
    // With the twin's nutrition advice followed (2026-12-05): 85.4% (80.0% before).
    assertThat(s.meanTimeInBand()).as(s.toString()).isGreaterThanOrEqualTo(0.83);
    // STAR's range: no feed below 30% of its goal; most of the nutrition is still given.
    assertThat(s.meanFeedDelivered()).as(s.toString()).isGreaterThan(0.85);
    assertThat(s.meanTimeBelow4()).as(s.toString()).isLessThan(0.02);
    assertThat(s.patientsBelow2point2()).as(s.toString()).isZero();
    assertThat(s.measurementsPerDay()).as(s.toString()).isBetween(6.0, 24.0);
    // The library's hard 24-h cap (250 U) holds in every rolling window, not only per proposal.
    assertThat(s.largestInsulin24h()).as(s.toString()).isLessThanOrEqualTo(250.0 + 1e-6);
  }

  @Test
  void continuousGlucoseMonitoringMeetsTheMeasuredLevel() {
    var s = GlucoseClosedLoopTrial.run(30, 43, true);
    // With the nutrition advice and 15-min decisions: 79.4% (76.9% before); with the CGM-failure
    // handling 80.9%; with the p3 walk of 1.0/√day 80.6%.
    assertThat(s.meanTimeInBand()).as(s.toString()).isGreaterThanOrEqualTo(0.79);
    assertThat(s.meanTimeBelow4()).as(s.toString()).isLessThan(0.02);
    assertThat(s.patientsBelow2point2()).as(s.toString()).isZero();
    assertThat(s.largestInsulin24h()).as(s.toString()).isLessThanOrEqualTo(250.0 + 1e-6);
  }

  /**
   * The cohort on which a CGM dropout followed by a stuck value took a patient to 1.90 mmol/L while
   * the twin dosed 10-11 U/h on its own prediction (now 2.60, and 77.4% in band).
   */
  @Test
  void aCgmThatDropsOutAndComesBackStuckDoesNotLeadToSevereHypoglycaemia() {
    var s = GlucoseClosedLoopTrial.run(30, 3043, true);
    assertThat(s.patientsBelow2point2()).as(s.toString()).isZero();
    assertThat(s.meanTimeBelow4()).as(s.toString()).isLessThan(0.02);
    assertThat(s.meanTimeInBand()).as(s.toString()).isGreaterThanOrEqualTo(0.75);
  }

  /**
   * Cohort 4043's patient 16: insulin sensitivity swings up about sixfold within 2 h under 8-12 U/h
   * while the CGM reads 0.5-1.0 mmol/L high. After insulin stops, the insulin already given keeps
   * pulling glucose down through repeated 12.5-g rescues. With the protocol's dextrose infusion
   * started at the second rescue (and raised at each further one) the lowest glucose is higher and
   * fewer rescues are needed; it still falls below 2.2 once, at the second rescue (docs/control.md).
   * Since rescues may repeat after 15 min (2026-12-07) the arm without the infusion does better too:
   * measured with the infusion 1.93 mmol/L lowest, 7 rescues, 3.2% of time below 4.0; without it
   * 1.86, 11 rescues, 4.2%.
   */
  @Test
  void repeatedRescuesStartADextroseInfusionThatHoldsGlucoseHigher() {
    var spec = org.icutwin.core.virtual.GlucoseCohort.generate(17, 4043).get(16);
    var with = GlucoseClosedLoopTrial.runPatient(spec, 4043L * 1000 + 16, true, true);
    var without = GlucoseClosedLoopTrial.runPatient(spec, 4043L * 1000 + 16, true, false);
    assertThat(with.dextroseInfusionChanges()).as(with.toString()).isGreaterThanOrEqualTo(2);
    assertThat(with.minimum()).as(with + " vs " + without).isGreaterThan(without.minimum() + 0.05);
    assertThat(with.rescues()).as(with + " vs " + without).isLessThan(without.rescues());
    assertThat(with.timeBelow4()).as(with + " vs " + without).isLessThan(without.timeBelow4());
  }

  /**
   * A held-out structure: patients of Hovorka structure (slow remote insulin actions, two glucose
   * compartments, a gut), never used to tune the controller, measured by blood glucose hourly to
   * 4-hourly. Measured on cohort 1: 82.6% in band, 0.38% below 4.0, none below 2.2 (lowest 2.74;
   * cohorts 3, 4, 5: none). Before the measured-fall rules of 2026-12-06 it was 83.4%, 0.63% and one
   * (1.88); before the reading-trend rule and the p3 random walk of 1.0/√day 77.4%, 2.29% and two
   * (docs/control.md).
   */
  @Test
  void aHeldOutHovorkaCohortMeasuredByBloodGlucose() {
    var s = GlucoseClosedLoopTrial.runHovorka(30, 1, false);
    assertThat(s.meanTimeInBand()).as(s.toString()).isGreaterThanOrEqualTo(0.82);
    assertThat(s.meanTimeBelow4()).as(s.toString()).isLessThan(0.01);
    assertThat(s.patientsBelow2point2()).as("measured: none since the fall rules (one before); " + s).isZero();
    assertThat(s.largestInsulin24h()).as(s.toString()).isLessThanOrEqualTo(250.0 + 1e-6);
  }

  /** The held-out Hovorka structure with CGM: measured 82.4% in band, none below 2.2 (cohort 1: 83.7%; 84.0 / 84.5% before the fall rules). */
  @Test
  void aHeldOutHovorkaCohortWithContinuousGlucoseMonitoring() {
    var s = GlucoseClosedLoopTrial.runHovorka(30, 2, true);
    assertThat(s.meanTimeInBand()).as(s.toString()).isGreaterThanOrEqualTo(0.82);
    assertThat(s.meanTimeBelow4()).as(s.toString()).isLessThan(0.01);
    assertThat(s.patientsBelow2point2()).as(s.toString()).isZero();
  }

  @Test
  @Disabled("issue target met on this tuning cohort only by a small margin: 85.5% in band, none of 30 below 2.2 mmol/L; the held-out cohorts 2042-5042 reach 79.9 / 81.8 / 71.2 / 76.0% and the Hovorka cohorts 73-85% with severe lows (docs/control.md), so the target is not claimed")
  void issueTargetBloodGlucose() {
    var s = GlucoseClosedLoopTrial.run(30, 42, false);
    assertThat(s.meanTimeInBand()).isGreaterThanOrEqualTo(0.85);
    assertThat(s.patientsBelow2point2()).isZero();
  }

  @Test
  @Disabled("issue target not met: measured 80.6% in band with CGM (other cohorts 82.2%, 77.0%, 80.2%, 78.8%; one patient of 4043 at 1.95 mmol/L; Hovorka 84.5 / 84.0%), none of this cohort's 30 below 2.2 mmol/L (docs/control.md)")
  void issueTargetCgm() {
    var s = GlucoseClosedLoopTrial.run(30, 43, true);
    assertThat(s.meanTimeInBand()).isGreaterThanOrEqualTo(0.85);
    assertThat(s.patientsBelow2point2()).isZero();
  }
}
