package org.icutwin.control.recommend;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.icutwin.control.mpc.ActiveConstraint;
import org.icutwin.control.mpc.ControlProblem;
import org.icutwin.control.mpc.HypoglycaemiaProtocol;
import org.icutwin.control.mpc.MpcConfig;
import org.icutwin.control.mpc.MpcResult;
import org.icutwin.control.mpc.NextMeasurement;
import org.icutwin.control.mpc.NonlinearMpc;
import org.icutwin.control.mpc.SolveStatus;
import org.icutwin.control.safety.Administration;
import org.icutwin.control.safety.PredictedRange;
import org.icutwin.control.safety.ProposedAction;
import org.icutwin.control.safety.SafetyDecision;
import org.icutwin.control.safety.SafetyEnvelope;
import org.icutwin.control.safety.SafetyReason;
import org.icutwin.control.safety.SafetyRequest;
import org.icutwin.control.safety.SolverStatus;
import org.icutwin.control.safety.TwinStatus;
import org.icutwin.core.druglib.DrugLibraryEntry;
import org.icutwin.core.model.PhysiologicalModel;
import org.icutwin.core.units.ConversionContext;
import org.icutwin.core.units.Quantity;
import org.icutwin.core.units.Units;
import org.icutwin.estimation.filter.Estimate;
import org.icutwin.estimation.filter.Forecast;
import org.icutwin.estimation.monitor.DriftStatus;
import org.icutwin.estimation.timeline.ItemStatus;

/**
 * Turns the twin's posterior into a {@link Recommendation} for a continuous infusion: MPC plan,
 * then the protocol's hard rules (for insulin: measured-low suspend and dextrose rescue), then
 * the independent safety envelope, plus the next measurement time, an expiry and the model
 * version. Pure apart from the MPC's time budget; one per twin.
 */
public final class InfusionRecommender {
  private final NonlinearMpc mpc;
  private final SafetyEnvelope envelope;
  private final Optional<DrugLibraryEntry> entry;
  private final String drug;
  private final String careArea;
  private final Optional<HypoglycaemiaProtocol> hypoglycaemia;
  private final double expiryMin;
  private final double capLookaheadMin;

  /**
   * @param hypoglycaemia the hypoglycaemia rules, for insulin; empty for other drugs
   * @param expiryMin how long a recommendation stays acceptable (e.g. 30 min)
   */
  public InfusionRecommender(NonlinearMpc mpc, SafetyEnvelope envelope, Optional<DrugLibraryEntry> entry, String drug,
      String careArea, Optional<HypoglycaemiaProtocol> hypoglycaemia, double expiryMin) {
    this(mpc, envelope, entry, drug, careArea, hypoglycaemia, expiryMin, CAP_LOOKAHEAD_MIN);
  }

  /**
   * How far after now the plan is held to the rolling cap by default: 0, windows ending within the
   * horizon only. Planning the windows of the next 24 h (24 * 60; the plan's last rate sustainable
   * within what the cap leaves) was measured in the glucose trial and did not help on both cohorts
   * (docs/control.md), so it is off.
   */
  public static final double CAP_LOOKAHEAD_MIN = 0;

  /**
   * @param capLookaheadMin windows of the 24-h cap ending up to this long after now constrain the
   *     plan, its last rate continued past the horizon (0: only windows ending within the horizon)
   */
  public InfusionRecommender(NonlinearMpc mpc, SafetyEnvelope envelope, Optional<DrugLibraryEntry> entry, String drug,
      String careArea, Optional<HypoglycaemiaProtocol> hypoglycaemia, double expiryMin, double capLookaheadMin) {
    this.capLookaheadMin = capLookaheadMin;
    this.mpc = mpc;
    this.envelope = envelope;
    this.entry = entry;
    this.drug = drug;
    this.careArea = careArea;
    this.hypoglycaemia = hypoglycaemia;
    this.expiryMin = expiryMin;
  }

  /**
   * What the twin's bedside context adds to the control problem.
   *
   * @param history administrations of this drug (for the 24-h cap)
   * @param bodyWeightKg for weight-based units
   * @param lastMeasurementTimeMin newest applied measurement of the controlled output
   * @param sensorIntervalMin how often the sensor behind it reports ({@code FilterTimeline.sensorIntervalMin}),
   *     empty when not known: a continuous sensor's twin goes stale sooner (see {@code OutputPolicy})
   * @param latestReadingValue the protocol's latest reading, NaN if none: the newest the filter
   *     weighed, or a newer refused one that is lower ({@link Context#replacesLatestReading})
   * @param drift the drift monitor's status
   * @param minutesSinceLastRescue since the last dextrose rescue, +∞ if none
   * @param trend what the newest readings say by themselves (the protocol's measurement timing
   *     reads it), empty when not known
   * @param latestReadingTimeMin when {@code latestReadingValue} was taken (NaN: unknown); a low
   *     reading older than the last rescue does not call for another
   * @param feedCutAtMin when the nutrition's glucose was last cut by at least half (a feed stopped
   *     or interrupted; {@link HypoglycaemiaProtocol#isFeedCut}), NaN if never: insulin running
   *     then is checked by a measurement within the hour after the cut
   * @param lowReadingAtMin when a blood glucose (not CGM) below the hypoglycaemia protocol's suspend
   *     threshold was last taken (NaN: never, or not known): insulin stays stopped for
   *     {@link HypoglycaemiaProtocol#HOLD_AFTER_LOW_MIN} after it
   * @param stoppedAtMin when the drug's rate, zero now, became zero (NaN: running, or not known)
   * @param rateBeforeStop the rate that ran before that stop, model units (NaN: not known); with
   *     {@code stoppedAtMin} it lets insulin stopped for a fall restart at a reduced rate
   *     ({@link HypoglycaemiaProtocol#restartRate})
   * @param latestCgm present when the latest reading is a CGM's, with the newest blood glucose
   *     (laboratory or point of care) the filter weighed that was taken before it, if any: a CGM low
   *     is checked against it ({@link HypoglycaemiaProtocol#bloodContradictsCgm}) and, unless a low
   *     was treated or measured in blood shortly before, waits for a blood glucose before dextrose
   *     ({@link HypoglycaemiaProtocol#treatsCgmLowAtOnce}); empty when the latest reading is not a
   *     CGM's or its sensor is not known
   */
  public record Context(List<Administration> history, OptionalDouble bodyWeightKg, OptionalDouble lastMeasurementTimeMin,
      OptionalDouble sensorIntervalMin, double latestReadingValue, DriftStatus drift, double minutesSinceLastRescue,
      Optional<ReadingTrend> trend, double latestReadingTimeMin, double feedCutAtMin, double lowReadingAtMin,
      double stoppedAtMin, double rateBeforeStop, Optional<LatestCgm> latestCgm) {

    public Context {
      trend = trend == null ? Optional.empty() : trend;
      latestCgm = latestCgm == null ? Optional.empty() : latestCgm;
    }

    /** A context whose latest reading is not known to be a CGM's. */
    public Context(List<Administration> history, OptionalDouble bodyWeightKg, OptionalDouble lastMeasurementTimeMin,
        OptionalDouble sensorIntervalMin, double latestReadingValue, DriftStatus drift, double minutesSinceLastRescue,
        Optional<ReadingTrend> trend, double latestReadingTimeMin, double feedCutAtMin, double lowReadingAtMin,
        double stoppedAtMin, double rateBeforeStop) {
      this(history, bodyWeightKg, lastMeasurementTimeMin, sensorIntervalMin, latestReadingValue, drift,
          minutesSinceLastRescue, trend, latestReadingTimeMin, feedCutAtMin, lowReadingAtMin, stoppedAtMin,
          rateBeforeStop, Optional.empty());
    }

    /** This context with its latest reading known to be a CGM's, and the blood glucose before it. */
    public Context withLatestCgm(LatestCgm cgm) {
      return new Context(history, bodyWeightKg, lastMeasurementTimeMin, sensorIntervalMin, latestReadingValue, drift,
          minutesSinceLastRescue, trend, latestReadingTimeMin, feedCutAtMin, lowReadingAtMin, stoppedAtMin,
          rateBeforeStop, Optional.of(cgm));
    }

    /** A context with no stop known. */
    public Context(List<Administration> history, OptionalDouble bodyWeightKg, OptionalDouble lastMeasurementTimeMin,
        OptionalDouble sensorIntervalMin, double latestReadingValue, DriftStatus drift, double minutesSinceLastRescue,
        Optional<ReadingTrend> trend, double latestReadingTimeMin, double feedCutAtMin, double lowReadingAtMin) {
      this(history, bodyWeightKg, lastMeasurementTimeMin, sensorIntervalMin, latestReadingValue, drift,
          minutesSinceLastRescue, trend, latestReadingTimeMin, feedCutAtMin, lowReadingAtMin, Double.NaN, Double.NaN);
    }

    /** This context with the time the drug was last stopped and the rate (model units) that ran before. */
    public Context withStop(double atMin, double rateBefore) {
      return new Context(history, bodyWeightKg, lastMeasurementTimeMin, sensorIntervalMin, latestReadingValue, drift,
          minutesSinceLastRescue, trend, latestReadingTimeMin, feedCutAtMin, lowReadingAtMin, atMin, rateBefore,
          latestCgm);
    }

    /** A context with no feed cut known. */
    public Context(List<Administration> history, OptionalDouble bodyWeightKg, OptionalDouble lastMeasurementTimeMin,
        OptionalDouble sensorIntervalMin, double latestReadingValue, DriftStatus drift, double minutesSinceLastRescue,
        Optional<ReadingTrend> trend, double latestReadingTimeMin) {
      this(history, bodyWeightKg, lastMeasurementTimeMin, sensorIntervalMin, latestReadingValue, drift,
          minutesSinceLastRescue, trend, latestReadingTimeMin, Double.NaN, Double.NaN);
    }

    /** This context with the time of the last feed cut. */
    public Context withFeedCutAt(double timeMin) {
      return new Context(history, bodyWeightKg, lastMeasurementTimeMin, sensorIntervalMin, latestReadingValue, drift,
          minutesSinceLastRescue, trend, latestReadingTimeMin, timeMin, lowReadingAtMin, stoppedAtMin, rateBeforeStop,
          latestCgm);
    }

    /**
     * Whether a new reading (not older than the current latest) becomes the protocol's latest
     * reading: when the filter weighed it (applied, or refused at the innovation gate, where the
     * twin rather than the sensor may be wrong, as {@link ReadingTrend} counts readings), or when it
     * is lower than the current one. A reading refused as a sensor fault (flat line, impossible jump,
     * implausible value), or one the twin failed on, can only make the protocol more careful: a CGM
     * stuck on an old 5.9 mmol/L, refused as a flat line, had replaced a blood glucose of 3.50 as
     * the latest reading and so lifted the protocol's no-increase rule; insulin went 0 → 6.1 U/h
     * while glucose fell to 2.1. Readings refused at the gate still count both ways: a repeated low
     * after a rescue must call for another, and a measured 12 mmol/L that a far-off twin refuses
     * must still contradict its estimate of hypoglycaemia (docs/estimation.md).
     *
     * @param status what the twin's timeline did with the reading, null if the twin failed on it
     * @param value the reading
     * @param latestValue the current latest reading (NaN: none)
     */
    public static boolean replacesLatestReading(ItemStatus status, double value, double latestValue) {
      return status != null && status.weighed() || !(value >= latestValue);
    }

    /** This context with the time of the last low reading. */
    public Context withLowReadingAt(double timeMin) {
      return new Context(history, bodyWeightKg, lastMeasurementTimeMin, sensorIntervalMin, latestReadingValue, drift,
          minutesSinceLastRescue, trend, latestReadingTimeMin, feedCutAtMin, timeMin, stoppedAtMin, rateBeforeStop,
          latestCgm);
    }

    /** A context without a reading trend or reading time (a low reading then counts as new). */
    public Context(List<Administration> history, OptionalDouble bodyWeightKg, OptionalDouble lastMeasurementTimeMin,
        OptionalDouble sensorIntervalMin, double latestReadingValue, DriftStatus drift, double minutesSinceLastRescue) {
      this(history, bodyWeightKg, lastMeasurementTimeMin, sensorIntervalMin, latestReadingValue, drift,
          minutesSinceLastRescue, Optional.empty(), Double.NaN);
    }

    /** A context whose sensor cadence is not known. */
    public Context(List<Administration> history, OptionalDouble bodyWeightKg, OptionalDouble lastMeasurementTimeMin,
        double latestReadingValue, DriftStatus drift, double minutesSinceLastRescue) {
      this(history, bodyWeightKg, lastMeasurementTimeMin, OptionalDouble.empty(), latestReadingValue, drift,
          minutesSinceLastRescue);
    }
  }

  /**
   * The protocol's latest reading is a CGM's; the newest blood glucose (laboratory or point of care)
   * taken before it, both NaN when none is known.
   *
   * @param bloodValue mmol/L
   * @param bloodTimeMin twin time
   */
  public record LatestCgm(double bloodValue, double bloodTimeMin) {
    /** A CGM reading with no blood glucose known before it. */
    public static LatestCgm noBloodBefore() {
      return new LatestCgm(Double.NaN, Double.NaN);
    }
  }

  /** How the hypoglycaemia protocol's dextrose decision reads the latest reading. */
  public enum RescueReadingUse {
    /** As it is: a blood glucose, a CGM reading not below the rescue threshold, or a CGM low treated at once. */
    AS_IS,
    /** A CGM low that the blood glucose before it contradicts: the blood glucose is read instead. */
    BLOOD_CONTRADICTS_CGM,
    /** A CGM low that waits for a blood glucose: no reading calls for dextrose (the twin's estimate still may). */
    CGM_AWAITS_BLOOD
  }

  /**
   * The reading the dextrose decision reads, and how it came to be that one.
   *
   * @param value mmol/L; NaN when none is read
   * @param timeMin when it was taken
   * @param use why this reading
   */
  public record RescueReading(double value, double timeMin, RescueReadingUse use) {
  }

  /**
   * The reading the hypoglycaemia protocol's dextrose decision reads now. When the latest reading is
   * a CGM's and below the rescue threshold:
   * <ul>
   *   <li>a blood glucose before it that contradicts it ({@link HypoglycaemiaProtocol#bloodContradictsCgm})
   *       is read instead, unless that blood glucose was taken within {@link
   *       HypoglycaemiaProtocol#HOLD_AFTER_RESCUE_MIN} after a rescue (it may show the bolus's peak,
   *       from which glucose falls faster than the check allows: 5.9 to 1.9 mmol/L in 25 min in the
   *       trial);
   *   <li>otherwise, unless a low was treated or measured in blood shortly before
   *       ({@link HypoglycaemiaProtocol#treatsCgmLowAtOnce}), no reading is read: the CGM low waits
   *       for a blood glucose.
   * </ul>
   * Any other latest reading is read as it is. The twin also uses this to tell whether a rescue was
   * called by a reading (the dextrose infusion rule counts only those).
   */
  public static RescueReading rescueReading(Context context, HypoglycaemiaProtocol protocol, double now) {
    double value = context.latestReadingValue();
    double time = context.latestReadingTimeMin();
    if (context.latestCgm().isEmpty() || !(value < protocol.readingThreshold())) {
      return new RescueReading(value, time, RescueReadingUse.AS_IS);
    }
    LatestCgm cgm = context.latestCgm().get();
    double sinceRescueAtBlood = cgm.bloodTimeMin() - (now - context.minutesSinceLastRescue());
    boolean bloodAtBolusPeak = sinceRescueAtBlood >= 0 && sinceRescueAtBlood <= HypoglycaemiaProtocol.HOLD_AFTER_RESCUE_MIN;
    if (!bloodAtBolusPeak && HypoglycaemiaProtocol.bloodContradictsCgm(value, time, cgm.bloodValue(), cgm.bloodTimeMin())) {
      return new RescueReading(cgm.bloodValue(), cgm.bloodTimeMin(), RescueReadingUse.BLOOD_CONTRADICTS_CGM);
    }
    if (!HypoglycaemiaProtocol.treatsCgmLowAtOnce(context.minutesSinceLastRescue(), now - context.lowReadingAtMin())) {
      return new RescueReading(Double.NaN, time, RescueReadingUse.CGM_AWAITS_BLOOD);
    }
    return new RescueReading(value, time, RescueReadingUse.AS_IS);
  }

  public Recommendation recommend(ControlProblem decision, Context context) {
    PhysiologicalModel model = decision.model();
    String rateUnit = model.rateInputs()
        .get(PhysiologicalModel.indexOfChannel(model.rateInputs(), mpc.config().rateChannel(), model.id())).unit();
    ControlProblem problem = withCapBudget(decision.atNow(), context, rateUnit);
    double now = problem.nowMin();
    double current = problem.ratesNow()[PhysiologicalModel.indexOfChannel(model.rateInputs(), mpc.config().rateChannel(), model.id())];
    MpcResult result = mpc.propose(problem);
    var reasons = new ArrayList<RecommendationReason>();
    double proposed = result.proposedRate();
    OptionalDouble dextrose = OptionalDouble.empty();
    boolean oldReading = false;
    boolean cgmContradicted = false;
    boolean cgmAwaitsBlood = false;
    boolean measuredLow = hypoglycaemia.isPresent() && hypoglycaemia.get().suspendsInsulin(context.latestReadingValue());
    double readingAge = now - context.latestReadingTimeMin();
    double measuredRate = context.trend().map(ReadingTrend::ratePerHour).orElse(Double.NaN);
    boolean measuredFall = hypoglycaemia.isPresent() && !measuredLow
        && hypoglycaemia.get().suspendsForFall(context.latestReadingValue(), readingAge, measuredRate,
            context.trend().map(ReadingTrend::continuous).orElse(false));
    if (hypoglycaemia.isPresent()) {
      HypoglycaemiaProtocol protocol = hypoglycaemia.get();
      if (measuredLow && proposed > 0) {
        proposed = 0;
        reasons.add(RecommendationReason.MEASURED_LOW_SUSPEND);
      }
      if (measuredFall && proposed > 0) {
        proposed = 0;
        reasons.add(RecommendationReason.MEASURED_FALL_SUSPEND);
      }
      if (protocol.holdsInsulinAfterRescue(context.minutesSinceLastRescue()) && proposed > 0) {
        proposed = 0;
        reasons.add(RecommendationReason.POST_RESCUE_HOLD);
      }
      if (protocol.holdsInsulinAfterLow(now - context.lowReadingAtMin()) && proposed > 0) {
        proposed = 0;
        reasons.add(RecommendationReason.POST_LOW_HOLD);
      }
      if (proposed > current
          && protocol.forbidsIncrease(context.latestReadingValue(), readingAge, measuredRate)) {
        double restart = HypoglycaemiaProtocol.restartRate(current, context.stoppedAtMin(), context.rateBeforeStop(),
            now, context.latestReadingValue(), context.latestReadingTimeMin(), measuredRate,
            now - context.minutesSinceLastRescue(), context.lowReadingAtMin());
        if (restart > current) {
          proposed = Math.min(proposed, restart);
          reasons.add(RecommendationReason.RESTART_AT_HALF_RATE);
        } else {
          proposed = current;
          reasons.add(RecommendationReason.MEASURED_FALL_NO_INCREASE);
        }
      }
      // (With no reading at all the envelope's stale check answers, with its own reason.)
      if (proposed > current && Double.isFinite(readingAge)
          && readingAge > HypoglycaemiaProtocol.INCREASE_READING_MAX_AGE_MIN) {
        proposed = current;
        oldReading = true;
        reasons.add(RecommendationReason.OLD_READING_NO_INCREASE);
      }
      if (proposed <= mpc.config().minRate() + 1e-9 * mpc.config().maxRate()) {
        proposed = mpc.config().minRate();
        // The twin's own estimate of the controlled output now (on a copy: the twin is not touched).
        double[] now0 = problem.estimator().copy().predictMeasurement(model.measurementIndex(mpc.config().output()));
        // A CGM low is checked against the blood glucose before it, and otherwise may wait for one
        // (rescueReading); the twin's estimate may still call for dextrose meanwhile.
        RescueReading read = rescueReading(context, protocol, now);
        cgmContradicted = read.use() == RescueReadingUse.BLOOD_CONTRADICTS_CGM;
        cgmAwaitsBlood = read.use() == RescueReadingUse.CGM_AWAITS_BLOOD;
        dextrose = protocol.dextrose(read.value(), now - read.timeMin(), now0[0],
            Math.sqrt(now0[1]), context.minutesSinceLastRescue());
        if (dextrose.isPresent()) {
          reasons.add(RecommendationReason.DEXTROSE_RESCUE);
        } else if (cgmContradicted) {
          reasons.add(RecommendationReason.CGM_LOW_CONTRADICTED_BY_BLOOD);
        } else if (cgmAwaitsBlood) {
          reasons.add(RecommendationReason.CGM_LOW_AWAITS_BLOOD);
        }
      }
    }
    proposed = pumpSetting(proposed, current, rateUnit, context);
    reasons.addAll(0, controllerReasons(result, current, proposed));
    // When the newest reading was taken (now if none): re-checks below are counted from it.
    double readAt = Double.isNaN(context.latestReadingTimeMin()) ? now : context.latestReadingTimeMin();
    double next = result.status() == SolveStatus.FAILED ? now + 60
        : now + NextMeasurement.suggestMinutes(result, mpc.config(), now, 60, 240);
    if (hypoglycaemia.isPresent() && context.trend().isPresent()) {
      // Counted from the reading the trend ends with, so that a later proposal without a new reading
      // cannot push the measurement back; never before now.
      ReadingTrend trend = context.trend().get();
      double limit = hypoglycaemia.get().measureWithinMin(trend.ratePerHour(), trend.predictionError());
      next = Math.min(next, Math.max(now, trend.latestTimeMin() + limit));
    }
    if (hypoglycaemia.isPresent() && proposed > 0 && context.feedCutAtMin() <= now) {
      // A feed stopped or cut with insulin running: glucose falls faster than any twin fitted on
      // the fed patient expects, so it is measured within the hour after the cut (as ICU protocols
      // do), then hourly while the gut's store runs out.
      double sinceCut = now - context.feedCutAtMin();
      if (sinceCut < HypoglycaemiaProtocol.FEED_CUT_MEASURE_WITHIN_MIN) {
        next = Math.min(next, Math.max(now, context.feedCutAtMin() + HypoglycaemiaProtocol.FEED_CUT_MEASURE_WITHIN_MIN));
      } else if (sinceCut < HypoglycaemiaProtocol.FEED_CUT_WATCH_MIN) {
        next = Math.min(next, Math.max(now, readAt + 60));
      }
    }
    if (oldReading || (cgmAwaitsBlood && dextrose.isEmpty())) {
      next = now; // an old reading, or a CGM low a blood glucose must confirm: a (blood) glucose now
    }
    if (cgmContradicted && dextrose.isEmpty()) {
      // A CGM low the blood glucose contradicts: another blood glucose within 30 min of that one.
      next = Math.min(next, Math.max(now, context.latestCgm().orElseThrow().bloodTimeMin() + 30));
    }
    if (hypoglycaemia.isPresent() && context.minutesSinceLastRescue() <= HypoglycaemiaProtocol.POST_RESCUE_WATCH_MIN
        && context.latestReadingValue() < HypoglycaemiaProtocol.POST_RESCUE_RECHECK_BELOW) {
      // Soon after a rescue, glucose still low in the band is re-checked within 30 min of that reading.
      next = Math.min(next, Math.max(now, readAt + 30));
    }
    if (hypoglycaemia.isPresent() && current <= 1e-9 * mpc.config().maxRate() && proposed > current) {
      // Insulin restarted after a stop (a low, a rescue, a risk suspend): the twin that stopped it
      // has just been wrong or unsure, so the restart is checked within the hour.
      next = Math.min(next, now + HypoglycaemiaProtocol.RESTART_MEASURE_WITHIN_MIN);
    }
    if (dextrose.isPresent() || measuredLow || measuredFall) {
      // A low reading is re-checked within 30 min, treated or not (as ICU hypoglycaemia protocols do):
      // a twin that has just been shown wrong must not set the pace of the next look. A rescue given
      // now is re-checked when another may follow (15 min: glucose still low then gets a second bolus;
      // in the product CGM trial a 30-min wait let a patient fall from 6.0 to 1.9 after the first);
      // an untreated low 30 min after the reading (now if overdue).
      next = Math.min(next, dextrose.isPresent() ? now + hypoglycaemia.get().minIntervalMin() : Math.max(now, readAt + 30));
    }
    // The rate runs until the next decision, so the envelope's 24-h cap check counts that long: until
    // the next measurement, and at least until this proposal expires (a measurement due now still
    // takes time to arrive; a zero duration made the envelope withhold every proposal, reductions
    // included, while a measurement was overdue).
    SafetyDecision safety = envelope.decide(new SafetyRequest(
        new ProposedAction(drug, careArea, org.icutwin.control.safety.ActionKind.CONTINUOUS_RATE, proposed, rateUnit, now,
            OptionalDouble.of(Math.max(next - now, expiryMin))),
        Optional.of(new Quantity(current, rateUnit)), context.history(), context.bodyWeightKg(),
        new TwinStatus(now, mpc.config().output(), context.lastMeasurementTimeMin(), context.sensorIntervalMin(),
            context.drift(), solver(result.status()),
            range(result.underPlan(), model, mpc.config().output()),
            mpc.config().outputRisesWithRate() ? TwinStatus.OutputResponse.RISES_WITH_RATE
                : TwinStatus.OutputResponse.FALLS_WITH_RATE),
        entry, Optional.empty()));
    if (safety.has(SafetyReason.STALE_MEASUREMENT)) {
      next = now; // nothing may be dosed on this twin until it has a fresh measurement: ask for one now
    }
    double[] plan = result.plan();
    plan[0] = proposed;
    for (int k = 1; k < plan.length; k++) {
      // After a protocol suspend the rest of the plan restarts from the suspended rate.
      plan[k] = Math.min(plan[k], plan[k - 1] + mpc.config().maxChangePerMove());
    }
    double[] medians = medians(problem);
    return new Recommendation(drug, careArea, now, now + expiryMin, safety, plan, rateUnit, result.blockStartsMin(),
        result.underPlan(), result.continueAsNow(), result.active(), reasons, dextrose, next, model.id(), medians);
  }

  /**
   * The controller's rate as the nearest multiple of the library's pump increment (insulin 0.1 U/h,
   * norepinephrine 0.01 µg/kg/min), so that what is proposed can be programmed as shown; a hold keeps
   * the running rate as it is (it is already programmed, on the grid or not). Nearest, not toward the
   * running rate: the envelope's conservative rounding of a clipped rate, used here, shaved
   * vasopressor increases while MAP fell (0.2-0.4 points more time below 65 per trial cohort); and
   * rounding insulin down, its safe side, gave the glucose trial a patient at 2.19 mmol/L and 16
   * rescues instead of 9 (the controller caught up with larger moves). Nearest can exceed the
   * controller's risk-bounded rate by half an increment (0.05 U/h). The envelope then checks the
   * rounded rate like any proposal. Unchanged without an increment or when the units cannot be
   * converted (the envelope reports that).
   */
  private double pumpSetting(double proposed, double current, String rateUnit, Context context) {
    if (entry.isEmpty() || entry.get().doseRate().isEmpty() || entry.get().doseRate().get().increment().isEmpty()
        || !Double.isFinite(proposed) || Math.abs(proposed - current) <= 1e-9 * Math.max(1, Math.abs(current))) {
      return proposed;
    }
    var rate = entry.get().doseRate().get();
    try {
      ConversionContext cc = context.bodyWeightKg().isPresent()
          ? ConversionContext.bodyWeight(context.bodyWeightKg().getAsDouble()) : ConversionContext.none();
      double inLibrary = Units.convert(proposed, rateUnit, rate.unit(), cc);
      double[] g = rate.gridNeighbours(inLibrary);
      double setting = inLibrary - g[0] <= g[1] - inLibrary ? g[0] : g[1];
      return Units.convert(setting, rate.unit(), rateUnit, cc);
    } catch (org.icutwin.core.units.UnitException ex) {
      return proposed;
    }
  }

  /**
   * The library's rolling 24-h cap as budgets for the plan: for move k, the cap minus what was
   * given in [start of move k − 24 h, now], in the model's amount unit (rate unit × min). Every
   * 24-h window ending during move k starts after that point, so it holds no more of the past,
   * and no more of the plan than the moves through k: the cap holds in every window, not only at
   * move ends. Unchanged when the entry has no cap.
   */
  private ControlProblem withCapBudget(ControlProblem p, Context context, String rateUnit) {
    if (entry.isEmpty() || entry.get().cumulative24hMax().isEmpty()) {
      return p;
    }
    String amountUnit = "(" + rateUnit + ").min";
    ConversionContext cc = context.bodyWeightKg().isPresent()
        ? ConversionContext.bodyWeight(context.bodyWeightKg().getAsDouble()) : ConversionContext.none();
    Quantity cap = entry.get().cumulative24hMax().get();
    double capAmount = Units.convert(cap.value(), cap.unit(), amountUnit, cc);
    double[] lengths = mpc.config().blockLengthsMin();
    double[] budgets = new double[lengths.length];
    double moveStart = p.nowMin();
    for (int k = 0; k < lengths.length; k++) {
      double windowStart = moveStart - 24 * 60;
      moveStart += lengths[k];
      double given = 0;
      for (Administration a : context.history()) {
        if (a.timeMin() >= windowStart && a.timeMin() <= p.nowMin()) {
          given += Units.convert(a.amount().value(), a.amount().unit(), amountUnit, cc);
        }
      }
      budgets[k] = capAmount - given;
    }
    return p.withCumulativeBudgets(budgets).withBeyondHorizon(beyondHorizon(p.nowMin(), lengths, context, capAmount,
        amountUnit, cc));
  }

  /**
   * The cap for windows ending after the horizon, when the plan's last rate runs on: for check
   * times s_i every 60 min from the horizon's end T up to now + {@code capLookaheadMin}, what the
   * history leaves after s_{i−1} − 24 h, plus each move's minutes after s_{i−1} − 24 h, plus the
   * last rate for s_i − T, at most the cap. A window ending in (s_{i−1}, s_i] holds no more than
   * that (history and moves only leave it, the continuation grows by at most s_i − T), so the cap
   * holds in every such window. The plan then keeps a rate it can sustain instead of spending what
   * the window frees and swinging down later.
   */
  private List<org.icutwin.control.mpc.CumulativeConstraint> beyondHorizon(double now, double[] lengths, Context context,
      double capAmount, String amountUnit, ConversionContext cc) {
    double horizonEnd = now;
    for (double l : lengths) {
      horizonEnd += l;
    }
    var out = new ArrayList<org.icutwin.control.mpc.CumulativeConstraint>();
    double previous = horizonEnd;
    for (double s = horizonEnd + 60; s <= now + capLookaheadMin + 1e-9; s += 60) {
      double windowStart = previous - 24 * 60;
      double given = 0;
      for (Administration a : context.history()) {
        if (a.timeMin() >= windowStart && a.timeMin() <= now) {
          given += Units.convert(a.amount().value(), a.amount().unit(), amountUnit, cc);
        }
      }
      double[] minutes = new double[lengths.length];
      double moveStart = now;
      for (int k = 0; k < lengths.length; k++) {
        minutes[k] = Math.max(0, moveStart + lengths[k] - Math.max(moveStart, windowStart));
        moveStart += lengths[k];
      }
      minutes[lengths.length - 1] += s - horizonEnd;
      out.add(new org.icutwin.control.mpc.CumulativeConstraint(minutes, capAmount - given));
      previous = s;
    }
    return out;
  }

  private List<RecommendationReason> controllerReasons(MpcResult r, double current, double proposed) {
    var out = new ArrayList<RecommendationReason>();
    MpcConfig config = mpc.config();
    double scale = config.maxChangePerMove();
    boolean rises = config.outputRisesWithRate();
    if (proposed > current + 0.1 * scale) {
      out.add(rises ? RecommendationReason.INCREASE_BELOW_BAND : RecommendationReason.INCREASE_ABOVE_BAND);
    } else if (proposed < current - 0.1 * scale) {
      out.add(decreaseForCap(r) ? RecommendationReason.DECREASE_FOR_CUMULATIVE_CAP
          : rises ? RecommendationReason.DECREASE_ABOVE_BAND : RecommendationReason.DECREASE_BELOW_BAND);
    } else {
      boolean inBand = !r.continueAsNow().isEmpty() && r.continueAsNow().stream()
          .allMatch(p -> p.mean() >= config.bandLow() && p.mean() <= config.bandHigh());
      out.add(inBand ? RecommendationReason.HOLD_IN_BAND : RecommendationReason.HOLD_OUT_OF_BAND);
    }
    for (ActiveConstraint a : r.active()) {
      switch (a) {
        case RISK_BOUND -> out.add(RecommendationReason.RISK_BOUND_ACTIVE);
        case RISK_SUSPEND -> out.add(RecommendationReason.RISK_SUSPEND);
        case AT_MAX_RATE -> out.add(RecommendationReason.AT_MAX_RATE);
        case MAX_CHANGE -> out.add(RecommendationReason.MAX_STEP);
        case BAND_HIGH_UNREACHABLE, BAND_LOW_UNREACHABLE -> out.add(RecommendationReason.BAND_UNREACHABLE);
        case CUMULATIVE_CAP -> out.add(RecommendationReason.CUMULATIVE_CAP_LIMITS);
        default -> { }
      }
    }
    return out;
  }

  /**
   * Whether a decrease comes from the cumulative cap rather than the prediction: the cap binds, no
   * risk bound presses, and under the running rate the twin predicts the value staying on the side
   * of the target the drug moves it from (above it for insulin).
   */
  private boolean decreaseForCap(MpcResult r) {
    MpcConfig config = mpc.config();
    if (!r.active().contains(ActiveConstraint.CUMULATIVE_CAP) || r.active().contains(ActiveConstraint.RISK_BOUND)
        || r.active().contains(ActiveConstraint.RISK_SUSPEND) || r.continueAsNow().isEmpty()) {
      return false;
    }
    return r.continueAsNow().stream().allMatch(p -> config.outputRisesWithRate()
        ? p.mean() <= config.target() : p.mean() >= config.target());
  }

  private static SolverStatus solver(SolveStatus s) {
    return switch (s) {
      // Real-time iteration stops at its iteration budget by design; every plan it returns is
      // feasible for the hard constraints, so the envelope treats it as a completed solve.
      case CONVERGED, ITERATION_LIMIT -> SolverStatus.CONVERGED;
      case TIME_LIMIT -> SolverStatus.TIMED_OUT;
      case FAILED -> SolverStatus.FAILED;
    };
  }

  /** The 90%-interval range of the predicted output; non-finite when there is no prediction. */
  private static PredictedRange range(List<Forecast.Point> points, PhysiologicalModel model, String output) {
    String unit = model.measurements().get(model.measurementIndex(output)).unit();
    if (points.isEmpty()) {
      return new PredictedRange(Double.NaN, Double.NaN, unit);
    }
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Forecast.Point p : points) {
      lo = Math.min(lo, p.mean() - 1.6448536269514722 * p.modelSd());
      hi = Math.max(hi, p.mean() + 1.6448536269514722 * p.modelSd());
    }
    return new PredictedRange(lo, hi, unit);
  }

  private static double[] medians(ControlProblem problem) {
    Estimate e = problem.estimator().estimate();
    double[] out = new double[e.names().size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = e.names().get(i).startsWith("log ") ? Math.exp(e.mean(i)) : e.mean(i);
    }
    return out;
  }
}
