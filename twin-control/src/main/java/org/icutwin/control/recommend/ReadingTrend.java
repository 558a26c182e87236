package org.icutwin.control.recommend;

import java.util.List;
import java.util.Optional;
import org.icutwin.estimation.filter.UpdateOutcome;

/**
 * What the newest measurements of the controlled output say by themselves, without the model: how
 * fast the value moves and how far the twin's prediction of the newest reading was from it. A
 * protocol rule reads it where the twin may be confidently wrong (a patient whose insulin acts
 * more slowly than the twin's model assumes keeps falling after the twin expects it to settle).
 *
 * @param latestValue the newest applied reading
 * @param latestTimeMin its time
 * @param ratePerHour change per hour from the newest applied reading at least {@link #MIN_SPAN_MIN}
 *     earlier to the newest (NaN when there is none)
 * @param predictionError the newest reading minus the twin's prediction of it just before
 */
public record ReadingTrend(double latestValue, double latestTimeMin, double ratePerHour, double predictionError) {

  /** The least time between the two readings a rate is taken from, min (shorter spans are noise). */
  public static final double MIN_SPAN_MIN = 30;

  /** Readings looked back over ({@code FilterTimeline.recentApplied}). */
  public static final int READINGS = 24;

  /**
   * The trend of applied readings given newest first ({@code FilterTimeline.recentApplied}); empty
   * without any.
   */
  public static Optional<ReadingTrend> of(List<UpdateOutcome> newestFirst) {
    if (newestFirst.isEmpty()) {
      return Optional.empty();
    }
    UpdateOutcome newest = newestFirst.get(0);
    double t = newest.observation().timeMin();
    double v = newest.observation().value();
    double rate = Double.NaN;
    for (UpdateOutcome o : newestFirst.subList(1, newestFirst.size())) {
      double dt = t - o.observation().timeMin();
      if (dt >= MIN_SPAN_MIN) {
        rate = (v - o.observation().value()) / dt * 60;
        break;
      }
    }
    return Optional.of(new ReadingTrend(v, t, rate, newest.innovation()));
  }
}
