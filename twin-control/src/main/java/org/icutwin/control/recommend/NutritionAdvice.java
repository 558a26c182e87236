package org.icutwin.control.recommend;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Nutrition advice for a glucose twin, after STAR (Stewart 2016), which modulates nutrition
 * between 30% and 100% of its goal when insulin alone cannot bring glucose down: while the
 * insulin a patient may still receive is constrained (its 24-h total near the library's cap) and
 * glucose is above the band, each running feed is advised one step (25% of its goal) lower, to no
 * less than 30% of the goal; once glucose comes down (below 7.0 mmol/L with insulin no longer
 * constrained, or below 5.0 in any case) it is advised one step back up, to no more than the goal.
 * A feed is not advised again within an hour of its last change.
 * Advice only: a clinician accepts it with the proposal, and the feed enters the twin when the
 * feeding pump or the chart reports it. Glucose in mmol/L; rates in any one unit per feed.
 *
 * @param channel the feed (e.g. the model channel {@code glucose_enteral} or a drug library id)
 * @param currentRate the feed running now
 * @param advisedRate the advised feed
 * @param goalRate the prescribed feed this advice is a fraction of
 * @param reason why
 */
public record NutritionAdvice(String channel, double currentRate, double advisedRate, double goalRate, Reason reason) {

  /** Why a feed change is advised. */
  public enum Reason {
    /** Insulin is near its 24-h cap and glucose is above the band: lower the feed. */
    REDUCE_FEED_INSULIN_CONSTRAINED,
    /** Glucose has come down: bring the feed back toward its goal. */
    RESTORE_FEED
  }

  /** The lowest advised feed, as a fraction of its goal (STAR's range is 30-100%). */
  public static final double MIN_FRACTION = 0.3;
  /** One step of advice, as a fraction of the goal. */
  public static final double STEP_FRACTION = 0.25;
  /** The 24-h insulin total, as a fraction of the library's cap, from which insulin counts as constrained. */
  public static final double CONSTRAINED_CAP_FRACTION = 0.8;
  /** Below this glucose (mmol/L) a reduced feed is restored once insulin is no longer constrained. */
  public static final double RESTORE_BELOW = 7.0;
  /** Below this glucose (mmol/L) a reduced feed is restored in any case. */
  public static final double RESTORE_ALWAYS_BELOW = 5.0;

  public NutritionAdvice {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(reason, "reason");
  }

  /** The least time between two changes of a feed, min: a gut tolerates a feed change, not a titration. */
  public static final double MIN_MINUTES_BETWEEN_CHANGES = 60;

  /**
   * A running feed and its goal, in one rate unit.
   *
   * @param channel which feed
   * @param currentRate running now (>= 0)
   * @param goalRate the prescribed rate (> 0 for advice to be given)
   * @param minutesSinceChange since the feed's rate last changed (no advice before
   *     {@link #MIN_MINUTES_BETWEEN_CHANGES})
   */
  public record Feed(String channel, double currentRate, double goalRate, double minutesSinceChange) {
    public Feed {
      Objects.requireNonNull(channel, "channel");
    }
  }

  /**
   * The advice that goes with an insulin proposal: none when the data it rests on are not to be
   * trusted (the safety envelope found the newest measurement stale or the prediction
   * implausible); otherwise {@link #advise} on the lower of the newest reading and the
   * twin's estimate now, so that a reading the filter refused as an outlier does not lower a feed
   * and either one low restores it. A drift alert does not stop it: the rule reads measurements and
   * the insulin given, not the model's dynamics, and a patient the model cannot explain (often the
   * most insulin-resistant) is whom it is for; a withheld proposal's advice is taken with a
   * clinician's modified rate.
   *
   * @param dataTrusted whether the envelope found the data fresh and the prediction plausible (a
   *     failed solve does not matter: the rule needs no plan, and a missing estimate leaves the reading)
   */
  public static List<NutritionAdvice> forProposal(List<Feed> feeds, boolean dataTrusted, boolean insulinConstrained,
      double latestReading, double estimateNow, double bandHigh) {
    if (!dataTrusted) {
      return List.of();
    }
    double glucose = Double.isFinite(estimateNow) ? Math.min(latestReading, estimateNow) : latestReading;
    return advise(feeds, insulinConstrained, glucose, bandHigh);
  }

  /**
   * The advice for each feed with a positive goal, or none.
   *
   * @param feeds the feeds
   * @param insulinConstrained whether insulin is constrained (see {@link #CONSTRAINED_CAP_FRACTION})
   * @param latestGlucose the newest glucose reading, mmol/L (NaN: no advice)
   * @param bandHigh the target band's upper end, mmol/L
   */
  public static List<NutritionAdvice> advise(List<Feed> feeds, boolean insulinConstrained, double latestGlucose,
      double bandHigh) {
    var out = new ArrayList<NutritionAdvice>();
    if (!Double.isFinite(latestGlucose)) {
      return out;
    }
    for (Feed f : feeds) {
      if (!(f.goalRate() > 0) || !Double.isFinite(f.goalRate()) || !Double.isFinite(f.currentRate())
          || f.currentRate() <= 0) {
        continue; // no prescribed feed, or it is stopped (a stop is the clinician's, not ours to undo)
      }
      if (!(f.minutesSinceChange() >= MIN_MINUTES_BETWEEN_CHANGES)) {
        continue; // changed less than an hour ago: let it act (and the gut adapt) first
      }
      double fraction = f.currentRate() / f.goalRate();
      double next = fraction;
      Reason reason = null;
      if (insulinConstrained && latestGlucose > bandHigh) {
        next = Math.max(MIN_FRACTION, fraction - STEP_FRACTION);
        reason = Reason.REDUCE_FEED_INSULIN_CONSTRAINED;
      } else if (!insulinConstrained && latestGlucose < RESTORE_BELOW || latestGlucose < RESTORE_ALWAYS_BELOW) {
        next = Math.min(1, fraction + STEP_FRACTION);
        reason = Reason.RESTORE_FEED;
      }
      if (reason != null && Math.abs(next - fraction) > 1e-9 && (reason == Reason.RESTORE_FEED) == (next > fraction)) {
        out.add(new NutritionAdvice(f.channel(), f.currentRate(), next * f.goalRate(), f.goalRate(), reason));
      }
    }
    return out;
  }
}
