package org.icutwin.control.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.icutwin.control.mpc.ControlProblem;
import org.icutwin.control.mpc.HypoglycaemiaProtocol;
import org.icutwin.control.mpc.MpcConfig;
import org.icutwin.control.mpc.NonlinearMpc;
import org.icutwin.control.safety.Administration;
import org.icutwin.control.safety.SafetyConfig;
import org.icutwin.control.safety.SafetyEnvelope;
import org.icutwin.control.safety.SafetyReason;
import org.icutwin.core.catalog.BergmanInsulinModel;
import org.icutwin.core.catalog.ModelCatalog;
import org.icutwin.core.druglib.DrugLibrary;
import org.icutwin.core.model.Covariates;
import org.icutwin.core.model.ParameterVectors;
import org.icutwin.core.simulation.DosingSchedule;
import org.icutwin.core.units.Quantity;
import org.icutwin.estimation.filter.EstimatedParameter;
import org.icutwin.estimation.filter.EstimationSetup;
import org.icutwin.estimation.filter.Propagators;
import org.icutwin.estimation.filter.StateEstimator;
import org.icutwin.estimation.filter.UnscentedKalmanFilter;
import org.icutwin.estimation.monitor.DriftStatus;
import org.icutwin.estimation.timeline.ItemStatus;
import org.icutwin.estimation.timeline.RejectionReason;
import org.junit.jupiter.api.Test;

/** The recommendation chain's behaviour at the edges a reviewer found. */
class InfusionRecommenderTest {
  static final BergmanInsulinModel MODEL = ModelCatalog.bergmanMinimal();
  static final double[] THETA = ParameterVectors.typical(MODEL, Covariates.none().weightKg(75));
  static final DrugLibrary LIBRARY = DrugLibrary.load(Path.of("../config/drug-library.json"));
  static final InfusionRecommender RECOMMENDER = new InfusionRecommender(new NonlinearMpc(MpcConfig.insulin()),
      new SafetyEnvelope(SafetyConfig.defaults()), LIBRARY.find("insulin", "adult-icu"), "insulin", "adult-icu",
      Optional.of(HypoglycaemiaProtocol.standard()), 30);

  /** A twin whose newest data are at {@code dataTime}. */
  static StateEstimator twin(double glucose, double dataTime) {
    var setup = new EstimationSetup(MODEL, THETA, List.of(EstimatedParameter.drifting("p3", 0.6, 0.5)),
        new double[] {glucose, 0, THETA[BergmanInsulinModel.IB]}, new double[] {0.5, 0.002, 5},
        new double[] {0.05, 1e-4, 0.5}, 0);
    StateEstimator f = new UnscentedKalmanFilter(setup, Propagators.forModel(MODEL, 1.0));
    f.predict(dataTime, new double[] {0, 0.45, 0, 0});
    return f;
  }

  static InfusionRecommender.Context context(double lastMeasurement, double reading) {
    return new InfusionRecommender.Context(List.of(), OptionalDouble.of(75), OptionalDouble.of(lastMeasurement), reading,
        DriftStatus.IN_CONTROL, Double.POSITIVE_INFINITY);
  }

  /** A sensor that went silent at 100 min: a decision at 400 min sees 5-hour-old glucose and withholds. */
  @Test
  void aSilentSensorIsStaleAtTheDecisionTimeNotAtTheTimeOfTheNewestData() {
    // No insulin running and glucose high on feed: the twin wants more insulin, which stale data must not drive.
    var problem = new ControlProblem(MODEL, twin(14, 100), new double[] {0, 0.45, 0, 0}, DosingSchedule.empty(), null, 400);
    Recommendation r = RECOMMENDER.recommend(problem, context(100, 14));
    assertThat(r.issuedAtMin()).isEqualTo(400);
    assertThat(r.expiresAtMin()).isEqualTo(430);
    assertThat(r.action()).isEmpty();
    assertThat(r.safety().reasons()).contains(SafetyReason.STALE_MEASUREMENT);
    // The same data, decided at the time of the measurement, are fresh and give a proposal.
    Recommendation fresh = RECOMMENDER.recommend(new ControlProblem(MODEL, twin(14, 100),
        new double[] {0, 0.45, 0, 0}, DosingSchedule.empty(), null, 100), context(100, 14));
    assertThat(fresh.action()).isPresent();
    assertThat(fresh.reasons()).contains(RecommendationReason.INCREASE_ABOVE_BAND);
  }

  /**
   * A CGM-fed twin (a reading every 5 min) whose newest accepted reading is 40 min old withholds and
   * asks for a measurement now; the same age from a laboratory-fed twin is fresh. The cadence comes
   * from the context (the server passes {@code FilterTimeline.sensorIntervalMin}).
   */
  @Test
  void aQuietContinuousSensorWithholdsAndAsksForAMeasurementNow() {
    var problem = new ControlProblem(MODEL, twin(14, 100), new double[] {0, 0.45, 0, 0}, DosingSchedule.empty(), null, 140);
    var cgm = new InfusionRecommender.Context(List.of(), OptionalDouble.of(75), OptionalDouble.of(100),
        OptionalDouble.of(5), 14, DriftStatus.IN_CONTROL, Double.POSITIVE_INFINITY);
    Recommendation quiet = RECOMMENDER.recommend(problem, cgm);
    assertThat(quiet.action()).isEmpty();
    assertThat(quiet.safety().reasons()).contains(SafetyReason.STALE_MEASUREMENT);
    assertThat(quiet.nextMeasurementAtMin()).isEqualTo(140);
    var lab = new InfusionRecommender.Context(List.of(), OptionalDouble.of(75), OptionalDouble.of(100),
        OptionalDouble.of(60), 14, DriftStatus.IN_CONTROL, Double.POSITIVE_INFINITY);
    Recommendation fresh = RECOMMENDER.recommend(problem, lab);
    assertThat(fresh.action()).isPresent();
    assertThat(fresh.nextMeasurementAtMin()).isGreaterThanOrEqualTo(140 + 60);
  }

  /** A reading below 4.0 that needs no dextrose still stops insulin and is re-checked within 30 min. */
  @Test
  void aMeasuredLowIsRecheckedWithinThirtyMinutes() {
    var problem = new ControlProblem(MODEL, twin(7, 60), new double[] {2000.0 / 60, 0.45, 0, 0}, DosingSchedule.empty(), null, 60);
    Recommendation r = RECOMMENDER.recommend(problem, context(60, 3.8));
    assertThat(r.reasons()).contains(RecommendationReason.MEASURED_LOW_SUSPEND)
        .doesNotContain(RecommendationReason.DEXTROSE_RESCUE);
    assertThat(r.nextMeasurementAtMin()).isLessThanOrEqualTo(60 + 30);
    // The controller would stop insulin anyway (none running, glucose low): the low is still re-checked.
    var idle = new ControlProblem(MODEL, twin(4, 60), new double[] {0, 0.45, 0, 0}, DosingSchedule.empty(), null, 60);
    assertThat(RECOMMENDER.recommend(idle, context(60, 3.8)).nextMeasurementAtMin()).isLessThanOrEqualTo(60 + 30);
    Recommendation normal = RECOMMENDER.recommend(problem, context(60, 7));
    assertThat(normal.reasons()).doesNotContain(RecommendationReason.MEASURED_LOW_SUSPEND);
    assertThat(normal.nextMeasurementAtMin()).as("the twin's own pace when nothing is low").isGreaterThan(60 + 30);
  }

  /**
   * The twin's own pace is 2 h or more for a steady 7 mmol/L; a measured fall of 1.8 mmol/L/h, or a
   * reading 1.6 mmol/L from what the twin predicted, brings the next measurement within the hour;
   * a fall of 0.6 mmol/L/h within 2 h; a rise or a small miss leaves the twin's pace.
   */
  @Test
  void aMeasuredFallOrAMispredictedReadingBringsTheNextMeasurementForward() {
    var problem = new ControlProblem(MODEL, confidentTwin(6.5, 60), new double[] {1000.0 / 60, 0.45, 0, 0},
        DosingSchedule.empty(), null, 60);
    double own = RECOMMENDER.recommend(problem, context(60, 6.5)).nextMeasurementAtMin();
    assertThat(own).as("the twin's own pace").isGreaterThanOrEqualTo(60 + 120);
    assertThat(RECOMMENDER.recommend(problem, trending(6.5, -1.8, 0.2)).nextMeasurementAtMin()).isEqualTo(60 + 60);
    assertThat(RECOMMENDER.recommend(problem, trending(6.5, 0.3, -1.6)).nextMeasurementAtMin()).isEqualTo(60 + 60);
    assertThat(RECOMMENDER.recommend(problem, trending(6.5, -0.6, 0.2)).nextMeasurementAtMin()).isEqualTo(60 + 120);
    assertThat(RECOMMENDER.recommend(problem, trending(6.5, 1.5, 0.4)).nextMeasurementAtMin()).isEqualTo(own);
    // Counted from the reading, not from the proposal: 50 min later, with no new reading, the
    // measurement is still due at 120 (not 170); once overdue it is due now.
    var later = new ControlProblem(MODEL, confidentTwin(6.5, 60), new double[] {1000.0 / 60, 0.45, 0, 0},
        DosingSchedule.empty(), null, 110);
    assertThat(RECOMMENDER.recommend(later, trending(6.5, -1.8, 0.2)).nextMeasurementAtMin()).isEqualTo(120);
    var overdue = new ControlProblem(MODEL, confidentTwin(6.5, 60), new double[] {1000.0 / 60, 0.45, 0, 0},
        DosingSchedule.empty(), null, 150);
    Recommendation due = RECOMMENDER.recommend(overdue, trending(6.5, -1.8, 0.2));
    assertThat(due.nextMeasurementAtMin()).isEqualTo(150);
    // An overdue measurement does not withhold the proposal: the rate runs at least until the
    // proposal expires (it was checked as running 0 min, which the envelope refused as non-finite).
    assertThat(due.action()).as(due.safety().toString()).isPresent();
    assertThat(due.safety().has(SafetyReason.NON_FINITE)).isFalse();
  }

  /** A twin sure of its glucose and sensitivity (as after a stable day of readings), data at {@code dataTime}. */
  static StateEstimator confidentTwin(double glucose, double dataTime) {
    var setup = new EstimationSetup(MODEL, THETA, List.of(EstimatedParameter.drifting("p3", 0.05, 0.05)),
        new double[] {glucose, 0, THETA[BergmanInsulinModel.IB]}, new double[] {0.1, 0.0005, 2},
        new double[] {0.01, 1e-5, 0.1}, 0);
    StateEstimator f = new UnscentedKalmanFilter(setup, Propagators.forModel(MODEL, 1.0));
    f.predict(dataTime, new double[] {1000.0 / 60, 0.45, 0, 0});
    return f;
  }

  static InfusionRecommender.Context trending(double reading, double ratePerHour, double predictionError) {
    return new InfusionRecommender.Context(List.of(), OptionalDouble.of(75), OptionalDouble.of(60), OptionalDouble.of(60),
        reading, DriftStatus.IN_CONTROL, Double.POSITIVE_INFINITY,
        Optional.of(new ReadingTrend(reading, 60, ratePerHour, predictionError)), 60);
  }

  @Test
  void theProtocolsMeasurementLimitsFollowTheFallAndTheMiss() {
    HypoglycaemiaProtocol p = HypoglycaemiaProtocol.standard();
    assertThat(p.measureWithinMin(-1.0, 0)).isEqualTo(60);
    assertThat(p.measureWithinMin(-0.99, 0)).isEqualTo(120);
    assertThat(p.measureWithinMin(-0.5, 0)).isEqualTo(120);
    assertThat(p.measureWithinMin(-0.49, 0.99)).isInfinite();
    assertThat(p.measureWithinMin(0, 1.5)).isEqualTo(60);
    assertThat(p.measureWithinMin(0, -1.0)).isEqualTo(120);
    assertThat(p.measureWithinMin(Double.NaN, Double.NaN)).as("no trend known").isInfinite();
  }

  @Test
  void aDecisionBeforeTheNewestDataIsRefused() {
    assertThatThrownBy(() -> new ControlProblem(MODEL, twin(8, 100), new double[4], DosingSchedule.empty(), null, 50))
        .hasMessageContaining("before the twin's newest data");
  }

  /** A measured low stops insulin whatever the twin predicts, and the plan restarts from zero within the step limit. */
  @Test
  void aMeasuredLowStopsInsulinAndProposesDextrose() {
    var problem = new ControlProblem(MODEL, twin(8, 60), new double[] {4000.0 / 60, 0.45, 0, 0}, DosingSchedule.empty(), null, 60);
    Recommendation r = RECOMMENDER.recommend(problem, context(60, 3.2));
    assertThat(r.reasons()).contains(RecommendationReason.MEASURED_LOW_SUSPEND, RecommendationReason.DEXTROSE_RESCUE);
    assertThat(r.action().orElseThrow().value().value()).isZero();
    assertThat(r.dextroseMmol()).isPresent();
    // Re-checked 15 min after the bolus, when another may follow (hypoglycaemia protocols' 15-min re-check).
    assertThat(r.nextMeasurementAtMin()).isEqualTo(60 + HypoglycaemiaProtocol.standard().minIntervalMin());
    assertThat(HypoglycaemiaProtocol.standard().minIntervalMin()).isEqualTo(15);
    double[] plan = r.planRates();
    for (int k = 1; k < plan.length; k++) {
      assertThat(plan[k] - plan[k - 1]).isLessThanOrEqualTo(MpcConfig.insulin().maxChangePerMove() + 1e-9);
    }
  }
  /**
   * A CGM reading of 3.2 mmol/L ten minutes after a blood glucose of 9.0 (a fall of 35 mmol/L/h: a
   * compressed sensor, not the patient), 100 min after a rescue: insulin stays stopped, no dextrose,
   * and another blood glucose within 30 min of that one. After a blood glucose of 4.5 the same
   * reading is a fall that could have happened, and so soon after a rescue is treated at once; so is
   * it after a 9.0 taken 20 min after a rescue (the bolus's peak, from which glucose can fall fast).
   * A CGM reading that is not low is never "contradicted".
   */
  @Test
  void aCgmLowThatARecentBloodGlucoseContradictsBringsNoDextrose() {
    var problem = new ControlProblem(MODEL, twin(8, 60), new double[] {4000.0 / 60, 0.45, 0, 0}, DosingSchedule.empty(), null, 60);
    Recommendation contradicted = RECOMMENDER.recommend(problem,
        cgmAt(3.2, 60, 100).withLatestCgm(new InfusionRecommender.LatestCgm(9.0, 50)));
    assertThat(contradicted.reasons()).contains(RecommendationReason.MEASURED_LOW_SUSPEND,
        RecommendationReason.CGM_LOW_CONTRADICTED_BY_BLOOD).doesNotContain(RecommendationReason.DEXTROSE_RESCUE);
    assertThat(contradicted.action().orElseThrow().value().value()).isZero();
    assertThat(contradicted.dextroseMmol()).isEmpty();
    assertThat(contradicted.nextMeasurementAtMin()).isEqualTo(50 + 30);

    Recommendation treated = RECOMMENDER.recommend(problem,
        cgmAt(3.2, 60, 100).withLatestCgm(new InfusionRecommender.LatestCgm(4.5, 50)));
    assertThat(treated.reasons()).contains(RecommendationReason.MEASURED_LOW_SUSPEND, RecommendationReason.DEXTROSE_RESCUE)
        .doesNotContain(RecommendationReason.CGM_LOW_CONTRADICTED_BY_BLOOD, RecommendationReason.CGM_LOW_AWAITS_BLOOD);
    assertThat(treated.dextroseMmol()).isPresent();

    Recommendation afterPeak = RECOMMENDER.recommend(problem,
        cgmAt(3.2, 60, 30).withLatestCgm(new InfusionRecommender.LatestCgm(9.0, 50)));
    assertThat(afterPeak.dextroseMmol()).as("a blood glucose 20 min after a rescue contradicts nothing").isPresent();
    assertThat(afterPeak.reasons()).doesNotContain(RecommendationReason.CGM_LOW_CONTRADICTED_BY_BLOOD);

    Recommendation notLow = RECOMMENDER.recommend(problem,
        cgmAt(3.8, 60, 100).withLatestCgm(new InfusionRecommender.LatestCgm(9.0, 50)));
    assertThat(notLow.reasons()).contains(RecommendationReason.MEASURED_LOW_SUSPEND)
        .doesNotContain(RecommendationReason.CGM_LOW_CONTRADICTED_BY_BLOOD, RecommendationReason.CGM_LOW_AWAITS_BLOOD);
  }

  /**
   * A first CGM low (no rescue and no blood low in the last two hours) stops insulin and asks for a
   * blood glucose now, without dextrose; the same reading within two hours of a rescue, or of a low
   * blood glucose, brings dextrose at once; a reading whose sensor is not known to be a CGM, too.
   */
  @Test
  void aFirstCgmLowWaitsForABloodGlucoseBeforeDextrose() {
    var problem = new ControlProblem(MODEL, twin(8, 60), new double[] {4000.0 / 60, 0.45, 0, 0}, DosingSchedule.empty(), null, 60);
    Recommendation waits = RECOMMENDER.recommend(problem,
        cgmAt(3.2, 60, Double.POSITIVE_INFINITY).withLatestCgm(InfusionRecommender.LatestCgm.noBloodBefore()));
    assertThat(waits.reasons()).contains(RecommendationReason.MEASURED_LOW_SUSPEND, RecommendationReason.CGM_LOW_AWAITS_BLOOD)
        .doesNotContain(RecommendationReason.DEXTROSE_RESCUE);
    assertThat(waits.action().orElseThrow().value().value()).isZero();
    assertThat(waits.dextroseMmol()).isEmpty();
    assertThat(waits.nextMeasurementAtMin()).isEqualTo(60);
    // A blood glucose 50 min before that does not contradict it (4.5) changes nothing.
    assertThat(RECOMMENDER.recommend(problem, cgmAt(3.2, 60, Double.POSITIVE_INFINITY)
        .withLatestCgm(new InfusionRecommender.LatestCgm(4.5, 10))).dextroseMmol()).isEmpty();

    assertThat(RECOMMENDER.recommend(problem,
        cgmAt(3.2, 60, 120).withLatestCgm(InfusionRecommender.LatestCgm.noBloodBefore())).dextroseMmol())
        .as("two hours after a rescue").isPresent();
    assertThat(RECOMMENDER.recommend(problem,
        cgmAt(3.2, 60, 121).withLatestCgm(InfusionRecommender.LatestCgm.noBloodBefore())).dextroseMmol())
        .as("just over two hours after a rescue").isEmpty();
    assertThat(RECOMMENDER.recommend(problem, cgmAt(3.2, 60, Double.POSITIVE_INFINITY).withLowReadingAt(-60)
        .withLatestCgm(InfusionRecommender.LatestCgm.noBloodBefore())).dextroseMmol())
        .as("two hours after a low blood glucose").isPresent();
    assertThat(RECOMMENDER.recommend(problem, cgmAt(3.2, 60, Double.POSITIVE_INFINITY)).dextroseMmol())
        .as("sensor not known to be a CGM").isPresent();

    // The twin's estimate still calls for dextrose while the CGM low waits (a twin at 2.6 mmol/L).
    var low = new ControlProblem(MODEL, twin(2.6, 0), new double[] {0, 0.45, 0, 0}, DosingSchedule.empty(), null, 0);
    InfusionRecommender.Context waiting = cgmAt(3.2, 0, Double.POSITIVE_INFINITY)
        .withLatestCgm(InfusionRecommender.LatestCgm.noBloodBefore());
    assertThat(InfusionRecommender.rescueReading(waiting, HypoglycaemiaProtocol.standard(), 0).use())
        .isEqualTo(InfusionRecommender.RescueReadingUse.CGM_AWAITS_BLOOD);
    assertThat(RECOMMENDER.recommend(low, waiting).dextroseMmol()).as("on the twin's estimate").isPresent();
  }

  /** A reading of {@code reading} at {@code readAt}, {@code sinceRescue} min after the last rescue. */
  static InfusionRecommender.Context cgmAt(double reading, double readAt, double sinceRescue) {
    return new InfusionRecommender.Context(List.of(), OptionalDouble.of(75), OptionalDouble.of(readAt),
        OptionalDouble.of(5), reading, DriftStatus.IN_CONTROL, sinceRescue,
        Optional.of(new ReadingTrend(reading, readAt, 0, 0)), readAt);
  }

  /** A reading taken at {@code readAt} with the measured change {@code ratePerHour} (mmol/L per h). */
  static InfusionRecommender.Context readingAt(double reading, double readAt, double ratePerHour) {
    return new InfusionRecommender.Context(List.of(), OptionalDouble.of(75), OptionalDouble.of(readAt),
        OptionalDouble.of(60), reading, DriftStatus.IN_CONTROL, Double.POSITIVE_INFINITY,
        Optional.of(new ReadingTrend(reading, readAt, ratePerHour, 0)), readAt);
  }

  /**
   * A twin that believes glucose is high wants more insulin; a recent reading below 5.0, or one
   * below 8.0 falling 1.0 mmol/L/h or faster, holds the running rate instead (the held-out
   * Hovorka patient who reached 1.88 mmol/L after a raise over a reading of 4.40). An old reading, a
   * slow fall or a reading high in the band does not, and a reduction is never held.
   */
  @Test
  void aLowOrFastFallingReadingAllowsNoInsulinIncrease() {
    double running = 1000.0 / 60; // 1 U/h
    var problem = new ControlProblem(MODEL, twin(12, 200), new double[] {running, 0.45, 0, 0}, DosingSchedule.empty(),
        null, 200);
    Recommendation free = RECOMMENDER.recommend(problem, readingAt(7.0, 200, -0.5));
    assertThat(free.action().orElseThrow().value().value()).as("the twin's own increase").isGreaterThan(1.0);
    assertThat(free.reasons()).doesNotContain(RecommendationReason.MEASURED_FALL_NO_INCREASE);
    for (var held : List.of(readingAt(4.6, 200, 0.3), readingAt(7.0, 200, -1.2), readingAt(4.9, 90, 0))) {
      Recommendation r = RECOMMENDER.recommend(problem, held);
      assertThat(r.action().orElseThrow().value().value()).as(held.toString()).isCloseTo(1.0, within(1e-9));
      assertThat(r.reasons()).as(held.toString()).contains(RecommendationReason.MEASURED_FALL_NO_INCREASE);
    }
    // A reading more than 2 h old no longer holds the twin back; nor does a fall high in the band.
    assertThat(RECOMMENDER.recommend(problem, readingAt(4.9, 70, 0)).reasons())
        .doesNotContain(RecommendationReason.MEASURED_FALL_NO_INCREASE);
    assertThat(RECOMMENDER.recommend(problem, readingAt(8.5, 200, -2.0)).reasons())
        .doesNotContain(RecommendationReason.MEASURED_FALL_NO_INCREASE);
    // A reduction goes through.
    var low = new ControlProblem(MODEL, twin(4.8, 200), new double[] {4 * running, 0.45, 0, 0}, DosingSchedule.empty(),
        null, 200);
    Recommendation down = RECOMMENDER.recommend(low, readingAt(4.8, 200, -1.5));
    assertThat(down.action().orElseThrow().value().value()).isLessThan(4.0);
    assertThat(down.reasons()).doesNotContain(RecommendationReason.MEASURED_FALL_NO_INCREASE);
    HypoglycaemiaProtocol p = HypoglycaemiaProtocol.standard();
    assertThat(p.forbidsIncrease(Double.NaN, Double.NaN, Double.NaN)).as("nothing measured").isFalse();
    assertThat(p.forbidsIncrease(4.99, 120, Double.NaN)).isTrue();
    assertThat(p.forbidsIncrease(7.99, 0, -1.0)).isTrue();
    assertThat(p.forbidsIncrease(8.0, 0, -3.0)).isFalse();
    assertThat(p.forbidsIncrease(5.0, 0, -0.99)).isFalse();
  }

  /**
   * Insulin stopped for a fall restarts at up to half the rate that ran before, 30 min to 4 h after
   * the stop, on a reading taken after it of at least 5.5 that would otherwise forbid any increase
   * (the Yale protocol's resume after its hold). Sooner or later, lower, falling 2 mmol/L/h, on an
   * old reading or one from before the stop, after a rescue or a blood low since the stop, or with
   * no stop known, it stays held.
   */
  @Test
  void insulinStoppedForAFallRestartsAtHalfTheRateBefore() {
    double three = 3000.0 / 60; // 3 U/h in mU/min: half is 1.5 U/h, below the MPC's 4 U/h step
    var problem = new ControlProblem(MODEL, twin(12, 200), new double[] {0, 0.45, 0, 0}, DosingSchedule.empty(),
        null, 200);
    Recommendation r = RECOMMENDER.recommend(problem, readingAt(7.0, 200, -1.5).withStop(160, three));
    assertThat(r.reasons()).contains(RecommendationReason.RESTART_AT_HALF_RATE)
        .doesNotContain(RecommendationReason.MEASURED_FALL_NO_INCREASE);
    assertThat(r.action().orElseThrow().value().value()).isPositive().isLessThanOrEqualTo(1.5);
    for (var held : List.of(readingAt(7.0, 200, -1.5), readingAt(7.0, 200, -1.5).withStop(180, three),
        readingAt(5.4, 200, -1.2).withStop(160, three), readingAt(7.0, 200, -2.0).withStop(160, three),
        readingAt(7.0, 150, -1.5).withStop(160, three).withLowReadingAt(Double.NaN),
        readingAt(7.0, 200, -1.5).withStop(100, three).withLowReadingAt(130))) {
      Recommendation h = RECOMMENDER.recommend(problem, held);
      assertThat(h.reasons()).as(held.toString()).contains(RecommendationReason.MEASURED_FALL_NO_INCREASE)
          .doesNotContain(RecommendationReason.RESTART_AT_HALF_RATE);
      assertThat(h.action().orElseThrow().value().value()).as(held.toString()).isZero();
    }
    // The rule itself: times, levels, rescues and lows.
    assertThat(HypoglycaemiaProtocol.restartRate(0, 100, 8, 130, 5.5, 110, -1.9, Double.NaN, Double.NaN)).isEqualTo(4.0);
    assertThat(HypoglycaemiaProtocol.restartRate(0, 100, 8, 129, 6, 110, -1, Double.NaN, Double.NaN)).isNaN();
    assertThat(HypoglycaemiaProtocol.restartRate(0, 100, 8, 341, 6, 330, -1, Double.NaN, Double.NaN))
        .as("stopped over 4 h ago").isNaN();
    assertThat(HypoglycaemiaProtocol.restartRate(0, 100, 8, 140, 5.49, 130, -1, Double.NaN, Double.NaN)).isNaN();
    assertThat(HypoglycaemiaProtocol.restartRate(0, 100, 8, 140, 6, 130, -2.0, Double.NaN, Double.NaN))
        .as("falling 2 mmol/L/h").isNaN();
    assertThat(HypoglycaemiaProtocol.restartRate(0, 100, 8, 140, 6, 100, -1, Double.NaN, Double.NaN))
        .as("reading not after the stop").isNaN();
    assertThat(HypoglycaemiaProtocol.restartRate(0, 100, 8, 200, 6, 139, -1, Double.NaN, Double.NaN))
        .as("reading over 60 min old").isNaN();
    assertThat(HypoglycaemiaProtocol.restartRate(0, 100, 8, 140, 6, 130, -1, 105, Double.NaN))
        .as("rescue since the stop").isNaN();
    assertThat(HypoglycaemiaProtocol.restartRate(0, 100, 8, 140, 6, 130, -1, 90, Double.NaN))
        .as("rescue before the stop").isEqualTo(4.0);
    assertThat(HypoglycaemiaProtocol.restartRate(0, 100, 8, 140, 6, 130, -1, Double.NEGATIVE_INFINITY, 120))
        .as("blood low since the stop").isNaN();
    assertThat(HypoglycaemiaProtocol.restartRate(1, 100, 8, 140, 6, 130, -1, Double.NaN, Double.NaN))
        .as("not stopped").isNaN();
    assertThat(HypoglycaemiaProtocol.restartRate(0, Double.NaN, Double.NaN, 140, 6, 130, -1, Double.NaN, Double.NaN))
        .as("no stop known").isNaN();
  }

  /**
   * A fresh reading below 5.5 mmol/L falling 2.0 mmol/L/h or faster stops insulin and is re-checked
   * within 30 min, whatever the twin predicts (the held-out Hovorka patients who fell 9.5 to 4.1 in
   * an hour under 16-18 U/h while the twin still estimated 8); higher readings stop it at the Yale
   * protocol's faster falls (2.8, 4.2, 5.6 mmol/L/h). A slower fall or an old reading does not.
   */
  @Test
  void aFastFallLowInTheBandStopsInsulinAndIsRecheckedSoon() {
    double running = 4000.0 / 60; // 4 U/h
    var problem = new ControlProblem(MODEL, twin(14, 200), new double[] {running, 0.45, 0, 0}, DosingSchedule.empty(),
        null, 200);
    Recommendation stop = RECOMMENDER.recommend(problem, readingAt(4.2, 200, -5.5));
    assertThat(stop.action().orElseThrow().value().value()).isZero();
    assertThat(stop.reasons()).contains(RecommendationReason.MEASURED_FALL_SUSPEND)
        .doesNotContain(RecommendationReason.MEASURED_LOW_SUSPEND);
    assertThat(stop.nextMeasurementAtMin()).isLessThanOrEqualTo(230);
    // Below the band (4.4) a slower fall stops it too: the Yale protocol's 25 mg/dL/h.
    assertThat(RECOMMENDER.recommend(problem, readingAt(4.16, 200, -1.57)).reasons())
        .contains(RecommendationReason.MEASURED_FALL_SUSPEND);
    for (var not : List.of(readingAt(5.5, 200, -2.7), readingAt(5.0, 200, -1.9), readingAt(4.2, 70, -5.5),
        readingAt(4.5, 200, -1.57), readingAt(4.16, 200, -1.3))) {
      assertThat(RECOMMENDER.recommend(problem, not).reasons()).as(not.toString())
          .doesNotContain(RecommendationReason.MEASURED_FALL_SUSPEND);
    }
    HypoglycaemiaProtocol p = HypoglycaemiaProtocol.standard();
    assertThat(p.suspendsForFall(5.49, 120, -2.0)).isTrue();
    assertThat(p.suspendsForFall(5.49, 121, -2.0)).isFalse();
    assertThat(p.suspendsForFall(Double.NaN, 0, -3.0)).isFalse();
    assertThat(p.suspendsForFall(4.5, 0, Double.NaN)).as("no trend known").isFalse();
    // Higher in the band and above it, the Yale protocol's holds: 50, 75, 100 mg/dL/h.
    assertThat(p.suspendsForFall(5.5, 0, -2.8)).isTrue();
    assertThat(p.suspendsForFall(7.79, 0, -2.8)).isTrue();
    assertThat(p.suspendsForFall(7.8, 0, -4.1)).isFalse();
    assertThat(p.suspendsForFall(7.8, 0, -4.2)).isTrue();
    assertThat(p.suspendsForFall(11.09, 0, -4.2)).isTrue();
    assertThat(p.suspendsForFall(11.1, 0, -5.5)).isFalse();
    assertThat(p.suspendsForFall(15, 0, -5.6)).isTrue();
    assertThat(p.suspendsForFall(15, 0, 3.0)).as("rising").isFalse();
    // From a continuous sensor (CGM) only the rule below 5.5 applies: its half-hour rate is noisy.
    assertThat(p.suspendsForFall(7.0, 0, -6.0, true)).isFalse();
    assertThat(p.suspendsForFall(5.4, 0, -2.0, true)).isTrue();
    // Below the band: 1.4 mmol/L/h, from either kind of sensor.
    assertThat(p.suspendsForFall(4.39, 0, -1.4)).isTrue();
    assertThat(p.suspendsForFall(4.39, 0, -1.39)).isFalse();
    assertThat(p.suspendsForFall(4.4, 0, -1.9)).isFalse();
    assertThat(p.suspendsForFall(4.3, 0, -1.4, true)).isTrue();
  }

  /**
   * Insulin still running after the feed was cut (stopped, or down to half or less) is checked by a
   * measurement within the hour after the cut, even when the twin, which already knows the new rate,
   * would wait longer; a cut more than an hour ago, or no cut, leaves the twin's own timing.
   */
  @Test
  void insulinRunningAfterAFeedCutIsCheckedWithinTheHourOfTheCut() {
    var fedLess = new ControlProblem(MODEL, confidentTwin(10, 200), new double[] {1000.0 / 60, 0.2, 0, 0},
        DosingSchedule.empty(), null, 200);
    Recommendation untold = RECOMMENDER.recommend(fedLess, readingAt(10, 200, 0));
    assertThat(untold.action().orElseThrow().value().value()).isPositive();
    assertThat(untold.nextMeasurementAtMin()).as("the twin's own timing").isGreaterThan(190 + 60);
    Recommendation told = RECOMMENDER.recommend(fedLess, readingAt(10, 200, 0).withFeedCutAt(190));
    assertThat(told.action().orElseThrow().value().value()).isPositive();
    assertThat(told.nextMeasurementAtMin()).isEqualTo(190 + 60);
    // Then hourly until 3 h after the cut, counted from the newest reading; later, the twin's own timing.
    Recommendation watched = RECOMMENDER.recommend(fedLess, readingAt(10, 200, 0).withFeedCutAt(130));
    assertThat(watched.nextMeasurementAtMin()).isEqualTo(200 + 60);
    Recommendation overdue = RECOMMENDER.recommend(fedLess, readingAt(10, 110, 0).withFeedCutAt(30));
    assertThat(overdue.nextMeasurementAtMin()).as("an hour since the newest reading has passed: now").isEqualTo(200);
    Recommendation longAgo = RECOMMENDER.recommend(fedLess, readingAt(10, 200, 0).withFeedCutAt(10));
    assertThat(longAgo.nextMeasurementAtMin()).isEqualTo(untold.nextMeasurementAtMin());
    assertThat(HypoglycaemiaProtocol.isFeedCut(0.45, 0.2)).isTrue();
    assertThat(HypoglycaemiaProtocol.isFeedCut(0.45, 0.0)).isTrue();
    assertThat(HypoglycaemiaProtocol.isFeedCut(0.45, 0.3)).as("a step down, not a cut").isFalse();
    assertThat(HypoglycaemiaProtocol.isFeedCut(0.0, 0.0)).as("no feed running").isFalse();
    assertThat(HypoglycaemiaProtocol.isFeedCut(0.45, Double.NaN)).isFalse();
  }

  /**
   * The twin wants more insulin for a high glucose, but the newest reading is over 2 h old (a feed
   * restarted between readings): the rate holds and a reading is asked for now; with a reading
   * under 2 h old the increase is proposed.
   */
  @Test
  void noIncreaseOnAReadingOverTwoHoursOld() {
    var high = new ControlProblem(MODEL, confidentTwin(12, 200), new double[] {1000.0 / 60, 0.45, 0, 0},
        DosingSchedule.empty(), null, 200);
    Recommendation fresh = RECOMMENDER.recommend(high, readingAt(12, 90, 0));
    assertThat(fresh.action().orElseThrow().value().value()).isGreaterThan(1.0);
    assertThat(fresh.reasons()).doesNotContain(RecommendationReason.OLD_READING_NO_INCREASE);
    Recommendation old = RECOMMENDER.recommend(high, readingAt(12, 70, 0));
    assertThat(old.reasons()).contains(RecommendationReason.OLD_READING_NO_INCREASE)
        .doesNotContain(RecommendationReason.INCREASE_ABOVE_BAND);
    old.action().ifPresent(a -> assertThat(a.value().value()).isEqualTo(1.0));
    assertThat(old.nextMeasurementAtMin()).isEqualTo(200);
    // No reading at all (a twin admitted on its initial value): not "over 2 h old"; the envelope says stale.
    var none = new InfusionRecommender.Context(List.of(), OptionalDouble.of(75), OptionalDouble.empty(),
        OptionalDouble.of(60), Double.NaN, DriftStatus.IN_CONTROL, Double.POSITIVE_INFINITY, Optional.empty(),
        Double.NEGATIVE_INFINITY);
    assertThat(RECOMMENDER.recommend(high, none).reasons()).doesNotContain(RecommendationReason.OLD_READING_NO_INCREASE);
  }

  /**
   * Within 2 h of a rescue, a reading below 5.5 mmol/L is re-checked within 30 min of it; above 5.5,
   * or 2 h after the rescue, the usual timing applies.
   */
  @Test
  void aReadingLowInTheBandSoonAfterARescueIsRecheckedWithinHalfAnHour() {
    var stopped = new ControlProblem(MODEL, confidentTwin(5.0, 200), new double[] {0, 0.45, 0, 0},
        DosingSchedule.empty(), null, 200);
    java.util.function.BiFunction<Double, Double, InfusionRecommender.Context> at = (reading, sinceRescue) ->
        new InfusionRecommender.Context(List.of(), OptionalDouble.of(75), OptionalDouble.of(200), OptionalDouble.of(60),
            reading, DriftStatus.IN_CONTROL, sinceRescue, Optional.of(new ReadingTrend(reading, 200, 0, 0)), 200);
    assertThat(RECOMMENDER.recommend(stopped, at.apply(4.8, 90.0)).nextMeasurementAtMin()).isEqualTo(230);
    assertThat(RECOMMENDER.recommend(stopped, at.apply(5.6, 90.0)).nextMeasurementAtMin()).isGreaterThan(230);
    assertThat(RECOMMENDER.recommend(stopped, at.apply(4.8, 130.0)).nextMeasurementAtMin()).isGreaterThan(230);
  }

  /** Insulin restarted after a stop is checked within the hour, even when the twin would wait longer. */
  @Test
  void aRestartAfterAStopIsCheckedWithinTheHour() {
    var stopped = new ControlProblem(MODEL, confidentTwin(11, 200), new double[] {0, 0.45, 0, 0}, DosingSchedule.empty(),
        null, 200);
    Recommendation restart = RECOMMENDER.recommend(stopped, readingAt(11, 200, 0.5));
    assertThat(restart.action().orElseThrow().value().value()).isPositive();
    assertThat(restart.nextMeasurementAtMin()).isLessThanOrEqualTo(200 + 60);
  }

  /** Within an hour of a dextrose rescue insulin stays stopped, even on a high reading (the bolus's transient peak). */
  @Test
  void insulinStaysStoppedWithinAnHourOfARescue() {
    var problem = new ControlProblem(MODEL, twin(12, 100), new double[] {0, 0.45, 0, 0}, DosingSchedule.empty(), null, 100);
    var justRescued = new InfusionRecommender.Context(List.of(), OptionalDouble.of(75), OptionalDouble.of(100), 12,
        DriftStatus.IN_CONTROL, 40);
    Recommendation held = RECOMMENDER.recommend(problem, justRescued);
    assertThat(held.reasons()).contains(RecommendationReason.POST_RESCUE_HOLD);
    assertThat(held.action().orElseThrow().value().value()).isZero();
    Recommendation later = RECOMMENDER.recommend(problem, context(100, 12));
    assertThat(later.reasons()).doesNotContain(RecommendationReason.POST_RESCUE_HOLD);
    assertThat(later.action().orElseThrow().value().value()).isPositive();
  }

  /**
   * The protocol's latest reading: what the filter weighed (applied, or refused at the innovation
   * gate) replaces it; a reading refused as a sensor fault, or one the twin failed on, only when lower.
   */
  @Test
  void aReadingRefusedAsASensorFaultCanOnlyLowerTheProtocolsLatestReading() {
    var applied = new ItemStatus("a", 10, true, Optional.empty(), "", Optional.empty());
    var gated = new ItemStatus("g", 10, false, Optional.of(RejectionReason.INNOVATION_OUTLIER), "", Optional.empty());
    var flat = new ItemStatus("f", 10, false, Optional.of(RejectionReason.FLAT_LINE), "", Optional.empty());
    var implausible = new ItemStatus("i", 10, false, Optional.of(RejectionReason.OUTSIDE_PLAUSIBLE_RANGE), "",
        Optional.empty());
    assertThat(InfusionRecommender.Context.replacesLatestReading(applied, 9.0, 3.5)).isTrue();
    assertThat(InfusionRecommender.Context.replacesLatestReading(gated, 9.0, 3.5)).isTrue();
    assertThat(InfusionRecommender.Context.replacesLatestReading(null, 2.9, 3.5)).as("the twin failed").isTrue();
    assertThat(InfusionRecommender.Context.replacesLatestReading(null, 9.0, 3.5)).isFalse();
    assertThat(InfusionRecommender.Context.replacesLatestReading(flat, 5.9, 3.5)).isFalse();
    assertThat(InfusionRecommender.Context.replacesLatestReading(implausible, 70, 3.5)).isFalse();
    assertThat(InfusionRecommender.Context.replacesLatestReading(implausible, 0.2, 3.5)).isTrue();
    assertThat(InfusionRecommender.Context.replacesLatestReading(flat, 5.9, Double.NaN)).as("no reading yet").isTrue();
  }

  /**
   * Within an hour of a reading below 4.0 insulin stays stopped, even when a newer reading is high
   * (the trial's CGM that came back repeating an old 5.9 after a blood glucose of 3.50); after the
   * hour, or with no low known, the twin's increase goes through.
   */
  @Test
  void insulinStaysStoppedWithinAnHourOfALowReading() {
    var problem = new ControlProblem(MODEL, twin(12, 100), new double[] {0, 0.45, 0, 0}, DosingSchedule.empty(), null, 100);
    InfusionRecommender.Context high = readingAt(12, 100, 0);
    Recommendation held = RECOMMENDER.recommend(problem, high.withLowReadingAt(60));
    assertThat(held.reasons()).contains(RecommendationReason.POST_LOW_HOLD);
    assertThat(held.action().orElseThrow().value().value()).isZero();
    for (double lowAt : new double[] {40, Double.NaN}) {
      Recommendation free = RECOMMENDER.recommend(problem, high.withLowReadingAt(lowAt));
      assertThat(free.reasons()).as("low at %s", lowAt).doesNotContain(RecommendationReason.POST_LOW_HOLD);
      assertThat(free.action().orElseThrow().value().value()).as("low at %s", lowAt).isPositive();
    }
    HypoglycaemiaProtocol p = HypoglycaemiaProtocol.standard();
    assertThat(p.holdsInsulinAfterLow(0)).isTrue();
    assertThat(p.holdsInsulinAfterLow(59.9)).isTrue();
    assertThat(p.holdsInsulinAfterLow(60)).isFalse();
    assertThat(p.holdsInsulinAfterLow(-1)).as("a low after the decision time").isFalse();
    assertThat(p.holdsInsulinAfterLow(Double.NaN)).isFalse();
  }

  /**
   * A withheld proposal leaves the running rate in place; when keeping it until the next decision
   * would exceed the library's 250 U/24 h cap, the recommendation delivers the largest rate within
   * the cap instead (CAP_REDUCTION), from the library and the history alone.
   */
  @Test
  void aWithheldProposalStillCutsARunningRateThatWouldExceedTheCap() {
    // Glucose last measured 245 min ago (stale); 249.7 U given 1,345 min ago: the MPC may plan more once it leaves
    // the window, the envelope counts it for the whole run (conservative), so 0.3 U remain for the 0.6 U/h running now.
    double rate = 600.0 / 60; // mU/min
    var problem = new ControlProblem(MODEL, twin(14, 100), new double[] {rate, 0.45, 0, 0}, DosingSchedule.empty(),
        null, 345);
    var nearCap = new InfusionRecommender.Context(List.of(new Administration(-1000, Quantity.of(249.7, "[iU]"))),
        OptionalDouble.of(75), OptionalDouble.of(100), 14, DriftStatus.IN_CONTROL, Double.POSITIVE_INFINITY);
    Recommendation r = RECOMMENDER.recommend(problem, nearCap);
    assertThat(r.safety().reasons()).contains(SafetyReason.STALE_MEASUREMENT, SafetyReason.CAP_REDUCTION);
    // A stale twin asks for a measurement now; the cut rate is counted for the run to the decision the
    // twin would otherwise have taken next (its 1-4-h measurement advice), and fills the cap exactly.
    assertThat(r.nextMeasurementAtMin()).isEqualTo(r.issuedAtMin());
    var action = r.action().orElseThrow();
    assertThat(action.value().unit()).isEqualTo("[iU]/h");
    // The 0.3 U left under the cap spread over a run of 1-4 h: 0.075-0.3 U/h (the running 0.6 U/h would pass it).
    assertThat(action.value().value()).isBetween(0.3 / 4 - 1e-9, 0.3 + 1e-9);
    assertThat(r.safety().isDeliverable()).isTrue();

    // With room under the cap for the whole run, the withheld proposal stays withheld: nothing is invented.
    var roomy = new InfusionRecommender.Context(List.of(new Administration(-1000, Quantity.of(100, "[iU]"))),
        OptionalDouble.of(75), OptionalDouble.of(100), 14, DriftStatus.IN_CONTROL, Double.POSITIVE_INFINITY);
    Recommendation kept = RECOMMENDER.recommend(problem, roomy);
    assertThat(kept.action()).isEmpty();
    assertThat(kept.safety().reasons()).contains(SafetyReason.STALE_MEASUREMENT).doesNotContain(SafetyReason.CAP_REDUCTION);
  }
}
