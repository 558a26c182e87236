package org.icutwin.control.recommend;

import java.util.List;
import java.util.Optional;
import org.icutwin.estimation.Observation;
import org.icutwin.estimation.filter.UpdateOutcome;

/**
 * What the newest measurements of the controlled output say by themselves, without the model: how
 * fast the value moves and how far the twin's prediction of the newest reading was from it. A
 * protocol rule reads it where the twin may be confidently wrong (a patient whose insulin acts
 * more slowly than the twin's model assumes keeps falling after the twin expects it to settle).
 *
 * @param latestValue the newest reading the filter weighed (applied or refused at the innovation gate)
 * @param latestTimeMin its time
 * @param ratePerHour change per hour from the newest such reading at least {@link #MIN_SPAN_MIN}
 *     earlier to the newest (NaN when there is none)
 * @param predictionError the newest reading minus the twin's prediction of it just before
 * @param continuous whether the newest reading comes from a continuous sensor (its previous reading
 *     at most {@link #CONTINUOUS_INTERVAL_MIN} earlier, e.g. a CGM): its rate over half an hour
 *     carries the sensor's noise (10% CGM noise at 10 mmol/L is about 1.7 mmol/L/h)
 */
public record ReadingTrend(double latestValue, double latestTimeMin, double ratePerHour, double predictionError,
    boolean continuous) {

  /** A sensor whose readings come at most this far apart (min) is continuous. */
  public static final double CONTINUOUS_INTERVAL_MIN = 15;

  /** A trend of intermittent (blood) readings. */
  public ReadingTrend(double latestValue, double latestTimeMin, double ratePerHour, double predictionError) {
    this(latestValue, latestTimeMin, ratePerHour, predictionError, false);
  }

  /** The least time between the two readings a rate is taken from, min (shorter spans are noise). */
  public static final double MIN_SPAN_MIN = 30;

  /** Readings looked back over ({@code FilterTimeline.recentReadings}). */
  public static final int READINGS = 24;

  /**
   * The trend of the readings the filter weighed, given newest first
   * ({@code FilterTimeline.recentReadings}: applied ones and ones refused at the innovation gate,
   * since a reading refused because the twin was confidently wrong must count here); readings below
   * a limit of quantification are left out (their value is the limit, not a measurement). Empty
   * without any.
   */
  public static Optional<ReadingTrend> of(List<UpdateOutcome> newestFirst) {
    List<UpdateOutcome> values = newestFirst.stream()
        .filter(o -> o.observation().kind() == Observation.Kind.VALUE).toList();
    if (values.isEmpty()) {
      return Optional.empty();
    }
    UpdateOutcome newest = values.get(0);
    double t = newest.observation().timeMin();
    double v = newest.observation().value();
    double rate = Double.NaN;
    boolean continuous = false;
    for (UpdateOutcome o : values.subList(1, values.size())) {
      if (o.observation().source().equals(newest.observation().source())) {
        continuous = t - o.observation().timeMin() <= CONTINUOUS_INTERVAL_MIN;
        break;
      }
    }
    for (UpdateOutcome o : values.subList(1, values.size())) {
      double dt = t - o.observation().timeMin();
      if (dt >= MIN_SPAN_MIN) {
        rate = (v - o.observation().value()) / dt * 60;
        break;
      }
    }
    return Optional.of(new ReadingTrend(v, t, rate, newest.innovation(), continuous));
  }
}
