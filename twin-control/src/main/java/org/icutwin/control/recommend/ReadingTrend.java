package org.icutwin.control.recommend;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 * @param ratePerHour change per hour from the newest comparable reading at least {@link #MIN_SPAN_MIN}
 *     earlier to the newest (NaN when there is none): one from the same source, or, when neither
 *     source is continuous, from any intermittent one (a point-of-care and a laboratory glucose
 *     compare; a blood glucose and a CGM reading do not: the CGM lags and carries its own bias, and
 *     their difference over half an hour would read as a trend)
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
    String source = newest.observation().source();
    Set<String> continuousSources = continuousSources(values);
    boolean continuous = continuousSources.contains(source);
    double rate = Double.NaN;
    for (UpdateOutcome o : values.subList(1, values.size())) {
      double dt = t - o.observation().timeMin();
      String other = o.observation().source();
      boolean comparable = other.equals(source) || !continuous && !continuousSources.contains(other);
      if (dt >= MIN_SPAN_MIN && comparable) {
        rate = (v - o.observation().value()) / dt * 60;
        break;
      }
    }
    return Optional.of(new ReadingTrend(v, t, rate, newest.innovation(), continuous));
  }

  /**
   * The sources whose newest reading follows their previous one within
   * {@link #CONTINUOUS_INTERVAL_MIN} (given newest first).
   */
  private static Set<String> continuousSources(List<UpdateOutcome> newestFirst) {
    Map<String, Double> newer = new HashMap<>();
    Set<String> seen = new HashSet<>();
    Set<String> continuous = new HashSet<>();
    for (UpdateOutcome o : newestFirst) {
      String src = o.observation().source();
      Double later = newer.putIfAbsent(src, o.observation().timeMin());
      if (later != null && seen.add(src) && later - o.observation().timeMin() <= CONTINUOUS_INTERVAL_MIN) {
        continuous.add(src);
      }
    }
    return continuous;
  }
}
