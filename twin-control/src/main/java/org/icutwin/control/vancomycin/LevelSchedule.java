package org.icutwin.control.vancomycin;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * When to draw the next vancomycin level: the sampling protocol the closed-loop trial validated
 * (docs/vancomycin-dosing.md, "Early levels and a trough a day"). Bayesian dosing does not need
 * steady state (Rybak 2020), so levels start on day 1 and each is drawn where a re-plan can still
 * act on it:
 *
 * <ol>
 *   <li>a peak {@link #PEAK_AFTER_END_MIN} after the first dose's infusion ends (the loading dose);
 *   <li>a level {@link #BEFORE_DOSE_MIN} before the second dose (the first maintenance dose);
 *   <li>a trough {@link #BEFORE_DOSE_MIN} before the first dose of each later therapy day (days
 *       counted from the first dose) that comes after the first maintenance dose: when the first
 *       maintenance dose opens day 2, that day's trough is before the dose after it.
 * </ol>
 *
 * A time is covered by a level drawn within {@link #COVERED_WITHIN_MIN} of it. The next level is
 * the earliest time not covered that is still useful: a peak or a trough up to the moment its
 * dose starts (a level drawn late but before the dose still informs it); then "now" is returned.
 * Pure and stateless; times in minutes on one clock.
 */
public final class LevelSchedule {
  /** The peak: this long after the end of the first dose's infusion, min. */
  public static final double PEAK_AFTER_END_MIN = 60;
  /** A trough: this long before its dose starts, min (a 30-min laboratory turnaround). */
  public static final double BEFORE_DOSE_MIN = 30;
  /** A level drawn within this of a scheduled time stands for it, min. */
  public static final double COVERED_WITHIN_MIN = 60;

  private static final double DAY_MIN = 1440;

  private LevelSchedule() {}

  /**
   * The scheduled level times for a course of doses (given and planned), in time order, without
   * duplicates (a day's first dose that is also the first maintenance dose gives one time).
   */
  public static List<Double> times(List<VancomycinDose> doses) {
    Objects.requireNonNull(doses, "doses");
    List<VancomycinDose> sorted = doses.stream().sorted(Comparator.comparingDouble(VancomycinDose::startMin)).toList();
    var out = new ArrayList<Double>();
    if (sorted.isEmpty()) {
      return out;
    }
    double start = sorted.get(0).startMin();
    out.add(sorted.get(0).endMin() + PEAK_AFTER_END_MIN);
    double second = sorted.size() > 1 ? sorted.get(1).startMin() : start;
    if (sorted.size() > 1) {
      out.add(second - BEFORE_DOSE_MIN);
    }
    double last = sorted.get(sorted.size() - 1).startMin();
    for (int day = 1; start + day * DAY_MIN <= last; day++) {
      double dayStart = start + day * DAY_MIN;
      // The day's first dose after the first maintenance dose: when that dose opens the day, its
      // level is already scheduled, and the day's trough is before the dose after it.
      sorted.stream().mapToDouble(VancomycinDose::startMin).filter(t -> t >= dayStart && t > second).min()
          .ifPresent(t -> out.add(t - BEFORE_DOSE_MIN));
    }
    return out.stream().distinct().sorted().toList();
  }

  /**
   * The next level to draw, or empty when the doses give none after {@code nowMin}.
   *
   * @param doses the doses given and planned (the proposal's regimen)
   * @param levelTimesMin when levels were drawn (values below the limit of quantification count)
   * @param nowMin now; the answer is never before it
   */
  public static OptionalDouble next(List<VancomycinDose> doses, List<Double> levelTimesMin, double nowMin) {
    Objects.requireNonNull(levelTimesMin, "levelTimesMin");
    if (!Double.isFinite(nowMin)) {
      throw new IllegalArgumentException("now must be finite, was " + nowMin);
    }
    for (double t : times(doses)) {
      boolean covered = levelTimesMin.stream().anyMatch(l -> Math.abs(l - t) <= COVERED_WITHIN_MIN);
      // A level is useful until its dose starts (BEFORE_DOSE_MIN after a trough's time; the same
      // margin after a peak's time).
      if (!covered && nowMin <= t + BEFORE_DOSE_MIN) {
        return OptionalDouble.of(Math.max(t, nowMin));
      }
    }
    return OptionalDouble.empty();
  }
}
