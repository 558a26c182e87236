package org.icutwin.estimation.timeline;

import java.util.List;
import org.icutwin.estimation.filter.FilterState;

/**
 * Everything a {@link FilterTimeline} holds, as plain records (numbers, strings, lists), so a
 * twin can be snapshotted and rebuilt without replaying its stay: the retained item log with each
 * item's latest status, the checkpoints a late item rewinds to, the statuses settled since, and the
 * newest-reading summaries of history already forgotten.
 *
 * @param startTimeMin the twin's start (items before it are refused)
 * @param newestTimeMin the newest item's time (the late window is measured from it)
 * @param current the posterior after the last processed item
 * @param rates the model rates running after the last processed item
 * @param log the retained items in processing order
 * @param checkpoints posterior and rates after each processed item since the base checkpoint
 * @param settled statuses of refused items and of items dropped from the log, still within retention
 * @param newestApplied per measurement, the newest applied observation already forgotten
 * @param newestBySource per measurement and source, the newest reading already forgotten
 */
public record TimelineState(double startTimeMin, double newestTimeMin, FilterState current, double[] rates,
    List<Item> log, List<Checkpoint> checkpoints, List<Settled> settled, List<Newest> newestApplied,
    List<Newest> newestBySource) {

  public TimelineState {
    rates = rates.clone();
    log = List.copyOf(log);
    checkpoints = List.copyOf(checkpoints);
    settled = List.copyOf(settled);
    newestApplied = List.copyOf(newestApplied);
    newestBySource = List.copyOf(newestBySource);
  }

  @Override
  public double[] rates() {
    return rates.clone();
  }

  /** An item's sort key: time, rank (-1 start, 0 dose, 1 observation), id. */
  public record Key(double timeMin, int rank, String id) {
  }

  /**
   * An observation as recorded.
   *
   * @param kind {@code VALUE} or {@code BELOW_LOQ}
   * @param noise {@code additive} (sd), {@code proportional} (cv) or {@code combined} (sd, cv); unused ones NaN
   */
  public record Obs(String id, double timeMin, String measurement, double value, String kind, String noise,
      double noiseSd, double noiseCv, String source) {
  }

  /** A dose event: {@code bolus} (amount) or {@code rate} (new rate), on a named channel. */
  public record Dose(String kind, double timeMin, String channel, double amount) {
  }

  /**
   * A filter update's outcome; {@code observation} is null inside a log {@link Item}, whose own
   * observation it is.
   */
  public record Outcome(Obs observation, double predicted, double innovation, double innovationVariance, double nis,
      boolean applied) {
  }

  /** An item's status; {@code reason} null when applied, {@code outcome} null when it never reached the filter. */
  public record Status(String id, double timeMin, boolean applied, String reason, String detail, Outcome outcome) {
  }

  /** A retained log item: exactly one of {@code observation} and {@code dose}; status null before processing. */
  public record Item(Key key, Obs observation, Dose dose, int channel, Status status) {
  }

  public record Checkpoint(Key key, FilterState estimator, double[] rates) {
    public Checkpoint {
      rates = rates.clone();
    }

    @Override
    public double[] rates() {
      return rates.clone();
    }
  }

  public record Settled(Key key, Status status) {
  }

  /** The newest time of something (source empty when the summary is per measurement only). */
  public record Newest(String measurement, String source, double timeMin) {
  }
}
