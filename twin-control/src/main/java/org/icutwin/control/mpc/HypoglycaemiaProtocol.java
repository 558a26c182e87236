package org.icutwin.control.mpc;

import java.util.OptionalDouble;

/**
 * The hypoglycaemia rules of an ICU glucose protocol, which hold whatever the twin believes: a
 * measured glucose below {@code suspendBelow} (4.0 mmol/L) stops insulin; a low glucose with
 * insulin stopped prompts intravenous dextrose (for a clinician to give), because no insulin
 * decision can raise glucose. They exist because a model can be confidently wrong: a twin that
 * predicts 7 mmol/L must not keep insulin running over a measured 2.4.
 *
 * <p>Rule: a measured glucose below {@code readingThreshold} (3.5 mmol/L; {@code suspendBelow} on a
 * re-check within an hour after a rescue), or a twin estimate
 * whose lower 90% bound is below {@code estimateThreshold} (3.0 mmol/L), proposes a bolus of
 * 12.5 g glucose (25 mL of 50% dextrose = 69.4 mmol), at most once per {@code minIntervalMin}
 * (15 min, when hypoglycaemia protocols re-check and repeat the bolus) so its effect is measured
 * before another. A CGM reading below the threshold is checked against the blood glucose before it
 * ({@link #bloodContradictsCgm}) and, unless a low was treated or measured in blood within two hours,
 * waits for a blood glucose ({@link #treatsCgmLowAtOnce}); insulin stops on it either way.
 * Thresholds and dose are protocol choices a site must review (docs/control.md).
 */
public record HypoglycaemiaProtocol(double suspendBelow, double readingThreshold, double estimateThreshold, double doseMmol,
    double minIntervalMin) {
  private static final double Z90 = 1.6448536269514722;

  /** Suspend below 4.0 measured; dextrose below 3.5 measured or 3.0 estimated (lower 90% bound), 12.5 g, 15 min apart. */
  public static HypoglycaemiaProtocol standard() {
    return new HypoglycaemiaProtocol(4.0, 3.5, 3.0, 12.5 / 0.18016, 15);
  }

  /**
   * Minutes after a dextrose rescue during which insulin stays stopped. A reading soon after the
   * bolus shows its transient peak (dextrose goes straight into plasma), not the glucose the
   * patient settles at; in the closed-loop trial a restart on such a reading, with the feed
   * stopped, took true glucose to 2.12 mmol/L. ICU protocols likewise hold insulin after treated
   * hypoglycaemia and restart on a later reading. A protocol choice for site review.
   */
  public static final double HOLD_AFTER_RESCUE_MIN = 60;

  /**
   * A rescue on the twin's estimate alone (no new low reading) follows the last one by at least
   * this, min: the {@code minIntervalMin} repeat (15 min) is for a reading still low at the re-check.
   */
  public static final double ESTIMATE_RESCUE_INTERVAL_MIN = 30;

  /**
   * A measured glucose at or above this (mmol/L) contradicts a twin estimate of hypoglycaemia: no
   * dextrose on the estimate alone. A twin that has refused the readings as outliers (e.g. a patient
   * far more insulin-resistant than its prior, its hourly readings never confirming each other) can
   * believe 2.3 mmol/L while the laboratory reports 12; dextrose must not come from that belief.
   */
  public static final double READING_CONTRADICTS_ESTIMATE = 5.0;

  /** A measured fall at least this fast (mmol/L per h) brings the next measurement within 1 h. */
  public static final double FAST_FALL_PER_H = 1.0;
  /** A measured fall at least this fast (mmol/L per h) brings the next measurement within 2 h. */
  public static final double FALL_PER_H = 0.5;
  /** A reading this far (mmol/L) from the twin's prediction of it brings the next measurement within 1 h. */
  public static final double LARGE_MISS = 1.5;
  /** A reading this far (mmol/L) from the twin's prediction of it brings the next measurement within 2 h. */
  public static final double MISS = 1.0;

  /**
   * The longest wait before the next measurement that the measurements themselves allow, min: a
   * twin whose forecast stays in band would wait up to 4 h, but where glucose is measured falling
   * (at least {@value #FAST_FALL_PER_H} mmol/L/h: 1 h; {@value #FALL_PER_H}: 2 h) or the newest
   * reading was far from the twin's prediction ({@value #LARGE_MISS} mmol/L: 1 h; {@value #MISS}:
   * 2 h) the model may be wrong about where glucose is going, as ICU protocols measure hourly
   * until glucose is stable. Found on a held-out Hovorka cohort whose insulin acts more slowly than
   * the twin's model: after 9.4 → 7.8 → 6.0 mmol/L under 17.6 U/h the twin waited 4 h and glucose
   * reached 3.7 (docs/control.md). NaN inputs (no rate, no reading) set no limit.
   *
   * @param ratePerHour measured change of glucose, mmol/L per h
   * @param predictionError newest reading minus the twin's prediction of it, mmol/L
   */
  public double measureWithinMin(double ratePerHour, double predictionError) {
    double miss = Math.abs(predictionError);
    if (ratePerHour <= -FAST_FALL_PER_H || miss >= LARGE_MISS) {
      return 60;
    }
    if (ratePerHour <= -FALL_PER_H || miss >= MISS) {
      return 120;
    }
    return Double.POSITIVE_INFINITY;
  }

  /** Insulin running when the feed is cut (see {@link #isFeedCut}) is checked by a measurement within this, min, of the cut. */
  public static final double FEED_CUT_MEASURE_WITHIN_MIN = 60;
  /**
   * After that first check, insulin still running is checked hourly until this long, min, after
   * the cut: the glucose a feed leaves in the gut runs out over hours, and a twin fitted on the fed
   * patient learns of the fall only from readings.
   */
  public static final double FEED_CUT_WATCH_MIN = 180;
  /**
   * No insulin increase on a reading older than this, min: it waits for a new reading, asked for
   * now (a feed restarted after a stop was met with more insulin on a reading 2.3 h old while
   * glucose had fallen to 1.9 mmol/L, docs/control.md).
   */
  public static final double INCREASE_READING_MAX_AGE_MIN = 120;

  /**
   * Whether a change of the nutrition's glucose (enteral plus parenteral, any unit) from
   * {@code before} to {@code after} is a feed cut: a stop, or a fall to half or less of a running
   * feed. NaN or negative rates are not a cut.
   */
  public static boolean isFeedCut(double before, double after) {
    return before > 0 && after >= 0 && after <= 0.5 * before;
  }

  /**
   * Within this long after a dextrose rescue, min, a reading below {@link #POST_RESCUE_RECHECK_BELOW}
   * is checked again within 30 min: a bolus wears off within the hour while the insulin given
   * before it still acts (ICING BG 42 #1: 4.78 mmol/L half an hour after a rescue, 2.24 an hour
   * later with the next reading due then).
   */
  public static final double POST_RESCUE_WATCH_MIN = 120;
  /** See {@link #POST_RESCUE_WATCH_MIN}: as hypoglycaemia protocols re-check until glucose is back above 5.5 mmol/L. */
  public static final double POST_RESCUE_RECHECK_BELOW = 5.5;

  /** Insulin restarted after a stop is checked by a measurement within this, min. */
  public static final double RESTART_MEASURE_WITHIN_MIN = 60;

  /** A restart after a stop needs a reading at or above this (mmol/L; the Yale protocol's 100 mg/dL). */
  public static final double RESTART_AT_OR_ABOVE = 5.5;
  /** A restart after a stop comes at least this long after it, min (the Yale protocol's 30-min hold). */
  public static final double RESTART_AFTER_MIN = 30;
  /** A stop older than this, min, is not restarted by {@link #restartRate}: the twin's own plan decides. */
  public static final double RESTART_WITHIN_MIN = 240;

  /**
   * The highest rate at which insulin stopped for a fall may restart while the measurements would
   * otherwise forbid any increase ({@link #forbidsIncrease}), or NaN when none may. The Yale insulin
   * infusion protocol (Goldberg 2004) holds insulin for a fast fall for 30 min and resumes it at a
   * reduced rate, rather than waiting for glucose to rise: on a Hovorka cohort, whose insulin acts
   * more slowly than the twin's model, waiting made insulin cycle 0 → 8 → 0 U/h every 4-5 h with
   * glucose swinging 5-11 mmol/L. All of these must hold:
   * <ul>
   *   <li>the rate now is zero, stopped {@value #RESTART_AFTER_MIN}-{@value #RESTART_WITHIN_MIN} min ago
   *       from a positive rate;</li>
   *   <li>no dextrose rescue and no blood glucose below {@code suspendBelow} since the stop (a stop
   *       for a low restarts on the twin's plan, after its holds, never on this rule);</li>
   *   <li>the newest reading was taken after the stop, at most 60 min ago, at or above
   *       {@value #RESTART_AT_OR_ABOVE} mmol/L, and falls more slowly than {@value #SUSPEND_FALL_PER_H}
   *       mmol/L/h, whatever the sensor.</li>
   * </ul>
   * Then half the rate that ran before (the pump's increment may round it up by half a step).
   *
   * @param current the rate now (any unit; the result is in the same)
   * @param stoppedAtMin when the rate became zero (NaN: not known)
   * @param rateBefore the rate that ran before the stop (NaN: not known)
   * @param nowMin the time now
   * @param latestReading the newest reading, mmol/L
   * @param latestReadingTimeMin when it was taken
   * @param ratePerHour its measured change, mmol/L per h (NaN: none)
   * @param lastRescueAtMin the last dextrose rescue (NaN or -∞: none)
   * @param lowReadingAtMin the last blood glucose below the suspend threshold (NaN: none)
   */
  public static double restartRate(double current, double stoppedAtMin, double rateBefore, double nowMin,
      double latestReading, double latestReadingTimeMin, double ratePerHour, double lastRescueAtMin,
      double lowReadingAtMin) {
    double sinceStop = nowMin - stoppedAtMin;
    if (!(current <= 0) || !(sinceStop >= RESTART_AFTER_MIN && sinceStop <= RESTART_WITHIN_MIN) || !(rateBefore > 0)
        || lastRescueAtMin >= stoppedAtMin || lowReadingAtMin >= stoppedAtMin
        || !(latestReadingTimeMin > stoppedAtMin) || !(nowMin - latestReadingTimeMin <= 60)
        || !(latestReading >= RESTART_AT_OR_ABOVE) || ratePerHour <= -SUSPEND_FALL_PER_H) {
      return Double.NaN;
    }
    return 0.5 * rateBefore;
  }

  /** A reading below this (mmol/L) allows no insulin increase. */
  public static final double NO_INCREASE_BELOW = 5.0;
  /** A reading below this (mmol/L) measured falling at least {@value #FAST_FALL_PER_H} mmol/L/h allows no insulin increase. */
  public static final double NO_INCREASE_FALLING_BELOW = 8.0;
  /** The reading those rules read is at most this old, min. */
  public static final double NO_INCREASE_READING_MAX_AGE_MIN = 120;

  /**
   * Whether the measurements forbid raising insulin, whatever the twin predicts: the newest reading,
   * at most {@value #NO_INCREASE_READING_MAX_AGE_MIN} min old, is below {@value #NO_INCREASE_BELOW}
   * mmol/L, or below {@value #NO_INCREASE_FALLING_BELOW} with glucose measured falling at least
   * {@value #FAST_FALL_PER_H} mmol/L/h. ICU protocols lower or hold insulin when glucose falls fast
   * or sits low in the band. Found on the held-out Hovorka cohort: a twin that had just under-predicted
   * a hypoglycaemia estimated 6.9 mmol/L over a reading of 4.40 (down 1.3 in an hour) and raised
   * insulin 1.4 → 3.1 U/h; glucose reached 1.88 within the hour (docs/control.md). The rate may
   * still fall or stop. NaN inputs (no reading, no trend) forbid nothing.
   *
   * @param latestReading the newest measured glucose, mmol/L
   * @param minutesSinceReading since it was taken
   * @param ratePerHour measured change of glucose (the reading trend), mmol/L per h
   */
  public boolean forbidsIncrease(double latestReading, double minutesSinceReading, double ratePerHour) {
    if (!(minutesSinceReading <= NO_INCREASE_READING_MAX_AGE_MIN)) {
      return false;
    }
    return latestReading < NO_INCREASE_BELOW
        || latestReading < NO_INCREASE_FALLING_BELOW && ratePerHour <= -FAST_FALL_PER_H;
  }

  /** A reading below this (mmol/L) measured falling at least {@value #SUSPEND_FALL_PER_H} mmol/L/h stops insulin. */
  public static final double FALL_SUSPEND_BELOW = 5.5;
  /**
   * The fall (mmol/L per h) below {@value #FALL_SUSPEND_BELOW} that stops insulin. 1.0 stopped
   * insulin too often for falls the controller was already answering (Hovorka BG cohorts 1/3/4/5:
   * 2.4 points less time in band); 2.0 kept the same protection (docs/control.md).
   */
  public static final double SUSPEND_FALL_PER_H = 2.0;
  /** Below the band's lower edge (mmol/L) a slower fall, {@value #LOW_SUSPEND_FALL_PER_H} mmol/L/h, stops insulin. */
  public static final double LOW_FALL_SUSPEND_BELOW = 4.4;
  /**
   * The fall (mmol/L per h) below {@value #LOW_FALL_SUSPEND_BELOW} that stops insulin: the Yale
   * protocol's hold for a fall of more than 25 mg/dL/h at 75-99 mg/dL (Goldberg 2004), kept to
   * readings already below the band, where the controller's own reduction may come too late. Found
   * on a Hovorka cohort: a reading of 4.16 mmol/L, down 2.8 in 1.8 h under 7.9 U/h, which the twin
   * refused as an outlier; the rate was held and glucose reached 2.25 within the hour.
   */
  public static final double LOW_SUSPEND_FALL_PER_H = 1.4;

  /**
   * Whether a fresh reading falling fast for its level stops insulin, whatever the twin predicts: a
   * reading at most {@value #NO_INCREASE_READING_MAX_AGE_MIN} min old falling at least
   * {@link #fallThatStops} for its value (below {@value #FALL_SUSPEND_BELOW} mmol/L, 100 mg/dL:
   * {@value #SUSPEND_FALL_PER_H} mmol/L/h, as the Yale insulin infusion protocol, Goldberg 2004,
   * holds insulin when glucose is 75-99 mg/dL and falling). Found on the held-out Hovorka cohort:
   * two patients fell 9.5 → 4.1-4.4 mmol/L in an hour under 16-18 U/h while the twin still estimated
   * 7.8-8.3 and held the rate; both reached 1.4-1.5 within the next hour (docs/control.md). This
   * form is for intermittent readings; see the four-argument form.
   */
  public boolean suspendsForFall(double latestReading, double minutesSinceReading, double ratePerHour) {
    return suspendsForFall(latestReading, minutesSinceReading, ratePerHour, false);
  }

  /**
   * {@link #suspendsForFall(double, double, double)} for a trend from a frequent sensor or not
   * ({@code ReadingTrend.continuous}: its previous reading at most 15 min earlier, such as a CGM, or
   * point-of-care glucose every 15 min). Such a trend's rate spans half an hour and carries the
   * sensor's noise (about 1.7 mmol/L/h at 10 mmol/L for a CGM's 10%), at which the Yale thresholds
   * above {@value #FALL_SUSPEND_BELOW} fire on noise: on the trial's CGM cohorts they cost 1.1-3.7
   * points in band (docs/control.md). For a frequent sensor only the rule below
   * {@value #FALL_SUSPEND_BELOW} applies.
   */
  public boolean suspendsForFall(double latestReading, double minutesSinceReading, double ratePerHour,
      boolean continuous) {
    if (continuous && !(latestReading < FALL_SUSPEND_BELOW)) {
      return false;
    }
    return minutesSinceReading <= NO_INCREASE_READING_MAX_AGE_MIN && ratePerHour <= -fallThatStops(latestReading);
  }

  /**
   * The measured fall (mmol/L per h) that stops insulin at this reading: {@value #LOW_SUSPEND_FALL_PER_H}
   * below {@value #LOW_FALL_SUSPEND_BELOW}, {@value #SUSPEND_FALL_PER_H} below {@value #FALL_SUSPEND_BELOW}; above it the Yale protocol's hold thresholds (insulin held
   * when glucose falls more than 50 mg/dL/h at 100-139 mg/dL, 75 at 140-199, 100 at 200 or more;
   * Goldberg 2004, as tabulated in its FDA-cleared 100-140 form): 2.8 mmol/L/h below 7.8, 4.2 below
   * 11.1, 5.6 above. Found on a Hovorka cohort: a reading of 6.17 mmol/L an hour after 12.51, under
   * 8 U/h, which the twin refused as an outlier; the rate was held and glucose reached 2.0 within the
   * hour (docs/control.md). NaN (no reading) gives NaN: nothing stops.
   */
  public static double fallThatStops(double latestReading) {
    if (Double.isNaN(latestReading)) {
      return Double.NaN;
    }
    return latestReading < LOW_FALL_SUSPEND_BELOW ? LOW_SUSPEND_FALL_PER_H
        : latestReading < FALL_SUSPEND_BELOW ? SUSPEND_FALL_PER_H
        : latestReading < 7.8 ? 2.8 : latestReading < 11.1 ? 4.2 : 5.6;
  }

  /**
   * Minutes after a low measured in blood (below {@code suspendBelow}; laboratory or point of care,
   * not CGM) during which insulin stays stopped, rescued or not. The twin has just been shown
   * wrong, and the readings that follow a low are the least trustworthy: in the closed-loop trial a
   * CGM that came back after a dropout repeating its old 5.9 mmol/L, 10 min after a blood glucose of
   * 3.50, had insulin raised 0 → 6.1 U/h within 45 min, and true glucose reached 2.08. ICU protocols
   * stop insulin after hypoglycaemia and restart it on a later reading. A protocol choice for site
   * review, as the hold after a rescue.
   */
  public static final double HOLD_AFTER_LOW_MIN = 60;

  /** Whether insulin is held because a blood glucose below {@code suspendBelow} was taken less than {@link #HOLD_AFTER_LOW_MIN} ago (NaN: no low known). */
  public boolean holdsInsulinAfterLow(double minutesSinceLowReading) {
    return minutesSinceLowReading >= 0 && minutesSinceLowReading < HOLD_AFTER_LOW_MIN;
  }

  /** Whether insulin is held because a dextrose rescue was given less than {@link #HOLD_AFTER_RESCUE_MIN} ago. */
  public boolean holdsInsulinAfterRescue(double minutesSinceLastRescue) {
    return minutesSinceLastRescue < HOLD_AFTER_RESCUE_MIN;
  }

  /** A blood glucose at most this old (min) when a CGM reading is taken can contradict it. */
  public static final double BLOOD_CHECK_WINDOW_MIN = 60;
  /**
   * The fall of glucose (mmol/L/h) a CGM reading is checked against: about 110 mg/dL/h, beyond the
   * Yale insulin protocol's steepest fall category (more than 75 mg/dL/h, Goldberg 2004). Not a bound
   * after a dextrose bolus, from whose peak glucose can fall faster (10 mmol/L/h in the trial), so a
   * blood glucose taken then is not used to contradict ({@code InfusionRecommender.rescueReading}).
   */
  public static final double MAX_FALL_PER_H = 6.0;
  /**
   * The CGM's and the blood's errors allowed for besides the fall: the larger of this (mmol/L, 20
   * mg/dL) and {@link #CGM_BLOOD_MARGIN_FRACTION} of the blood glucose, the 20%/20 mg/dL agreement a
   * hospital CGM policy asks of a CGM before insulin is dosed on it (Stanford, Diabetes Care 2024,
   * 47:1838).
   */
  public static final double CGM_BLOOD_MARGIN = 1.1;
  /** See {@link #CGM_BLOOD_MARGIN}. */
  public static final double CGM_BLOOD_MARGIN_FRACTION = 0.2;

  /**
   * Within this long (min) after a rescue or a low blood glucose, a CGM low brings dextrose at once;
   * otherwise it waits for a blood glucose ({@link #treatsCgmLowAtOnce}).
   */
  public static final double CGM_LOW_AT_ONCE_WITHIN_MIN = 120;

  /**
   * Whether a CGM low below the rescue threshold brings dextrose at once, rather than waiting for a
   * blood glucose to confirm it: only within {@link #CGM_LOW_AT_ONCE_WITHIN_MIN} of a rescue or of a
   * blood glucose below the suspend threshold. Hospital CGM practice validates a CGM against blood
   * before dosing on it; a CGM compressed under a lying patient reads 40-75% of the truth for a while,
   * and in the product trial's CGM arms 150 of 243 rescues came at a true glucose of 5.0 mmol/L or
   * more. After a treated or measured low, glucose can fall again fast (ICING CGM 4043 #16 fell from
   * 5.9 to 1.9 within 25 min of a bolus), and the CGM reading repeats a low already confirmed. Insulin
   * stops on a CGM low either way, and the twin's estimate may still call for dextrose.
   *
   * @param minutesSinceLastRescue since the last rescue (+∞ if none)
   * @param minutesSinceLowBlood since the last blood glucose below the suspend threshold (NaN or +∞ if none)
   */
  public static boolean treatsCgmLowAtOnce(double minutesSinceLastRescue, double minutesSinceLowBlood) {
    return minutesSinceLastRescue <= CGM_LOW_AT_ONCE_WITHIN_MIN || minutesSinceLowBlood <= CGM_LOW_AT_ONCE_WITHIN_MIN;
  }

  /**
   * Whether a blood glucose (laboratory or point of care) contradicts a later CGM reading: the CGM
   * reads lower than glucose could have fallen since the blood was taken, at {@link #MAX_FALL_PER_H}
   * with a margin for both sensors' errors. A CGM reading falsely low (a sensor compressed under a
   * lying patient reads 40-75% of the truth) would otherwise bring dextrose to a patient in the band:
   * in the product trial's CGM arms 188 of 277 rescues were given at a true glucose of 5 mmol/L or
   * more, one on a reading of 3.45 taken 18 min after a blood glucose of 9.05 (docs/control.md). A
   * blood glucose more than {@link #BLOOD_CHECK_WINDOW_MIN} old, or taken after the CGM reading,
   * contradicts nothing. The caller suspends insulin on the CGM low all the same. This check holds
   * also where {@link #treatsCgmLowAtOnce} would treat the CGM low at once (just after a rescue).
   *
   * @param cgmValue the CGM reading, mmol/L
   * @param cgmTimeMin when it was taken
   * @param bloodValue the newest blood glucose before it, mmol/L (NaN: none)
   * @param bloodTimeMin when that was taken
   */
  public static boolean bloodContradictsCgm(double cgmValue, double cgmTimeMin, double bloodValue, double bloodTimeMin) {
    double minutes = cgmTimeMin - bloodTimeMin;
    if (!(minutes >= 0 && minutes <= BLOOD_CHECK_WINDOW_MIN) || !Double.isFinite(cgmValue) || !Double.isFinite(bloodValue)) {
      return false;
    }
    double lowestReachable = bloodValue - MAX_FALL_PER_H * minutes / 60
        - Math.max(CGM_BLOOD_MARGIN, CGM_BLOOD_MARGIN_FRACTION * bloodValue);
    return cgmValue < lowestReachable;
  }

  /** Whether a measured glucose (mmol/L) stops insulin; NaN (no reading) does not. */
  public boolean suspendsInsulin(double latestReading) {
    return latestReading < suspendBelow;
  }

  /**
   * The dextrose bolus to propose now (mmol), if any.
   *
   * @param latestReading newest measured glucose (mmol/L), NaN when none
   * @param estimateMean the twin's glucose mean now
   * @param estimateSd its standard deviation
   * @param minutesSinceLastRescue minutes since the last rescue bolus (+∞ if none)
   */
  public OptionalDouble dextrose(double latestReading, double estimateMean, double estimateSd, double minutesSinceLastRescue) {
    return dextrose(latestReading, Double.NaN, estimateMean, estimateSd, minutesSinceLastRescue);
  }

  /**
   * Whether the newest reading calls for a rescue by itself: taken after the last rescue, and below
   * {@code readingThreshold}, or below {@code suspendBelow} (4.0 mmol/L) within
   * {@link #HOLD_AFTER_RESCUE_MIN} of a rescue: a re-check after treatment still below 4.0 (70 mg/dL)
   * is treated again, as hypoglycaemia protocols repeat the bolus until the re-check is above it. In
   * the product trial this kept ICING CGM 4043 #16, whose glucose fell from 5.9 to 2.2 within 25 min
   * of a bolus while the lagging CGM read 3.9, above 2.5 mmol/L (2026-12-07). A low reading that an
   * earlier rescue already answered does not call for another until a new reading confirms it (one
   * 3.0 reading must not bring a bolus at every interval with nobody measuring). An unknown reading
   * time (NaN) counts as new.
   *
   * @param minutesSinceReading since the newest reading was taken (NaN: unknown)
   * @param minutesSinceLastRescue since the last rescue (+∞ if none)
   */
  public boolean readingCallsForRescue(double latestReading, double minutesSinceReading, double minutesSinceLastRescue) {
    double threshold = minutesSinceLastRescue <= HOLD_AFTER_RESCUE_MIN ? suspendBelow : readingThreshold;
    return latestReading < threshold && !(minutesSinceReading >= minutesSinceLastRescue);
  }

  /**
   * The dextrose bolus to propose now (mmol), if any.
   *
   * @param latestReading newest measured glucose (mmol/L), NaN when none
   * @param minutesSinceReading since that reading was taken (NaN: unknown, counted as new)
   * @param estimateMean the twin's glucose mean now
   * @param estimateSd its standard deviation
   * @param minutesSinceLastRescue minutes since the last rescue bolus (+∞ if none)
   */
  public OptionalDouble dextrose(double latestReading, double minutesSinceReading, double estimateMean,
      double estimateSd, double minutesSinceLastRescue) {
    if (minutesSinceLastRescue < minIntervalMin) {
      return OptionalDouble.empty();
    }
    boolean lowReading = readingCallsForRescue(latestReading, minutesSinceReading, minutesSinceLastRescue);
    // The twin's estimate alone repeats a rescue no sooner than every ESTIMATE_RESCUE_INTERVAL_MIN:
    // the 15-min repeat answers a reading that is still low, not a belief.
    boolean lowEstimate = minutesSinceLastRescue >= ESTIMATE_RESCUE_INTERVAL_MIN
        && Double.isFinite(estimateMean) && estimateMean - Z90 * estimateSd < estimateThreshold
        && !(latestReading >= READING_CONTRADICTS_ESTIMATE);
    return lowReading || lowEstimate ? OptionalDouble.of(doseMmol) : OptionalDouble.empty();
  }
}
