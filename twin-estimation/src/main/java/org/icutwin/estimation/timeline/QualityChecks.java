package org.icutwin.estimation.timeline;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import org.icutwin.estimation.Observation;

/**
 * Plausibility checks of one observation against its rule and the earlier readings of the same
 * sensor (the entries before it in effective-time order, newest first), so that a replay after
 * a late item reaches the same verdicts.
 */
final class QualityChecks {
  private QualityChecks() {}

  /** @param lookbackMin readings older than this before {@code obs} are not consulted (same history for every arrival order) */
  static Optional<ItemStatus> check(Observation obs, QualityRule rule, Collection<FilterTimeline.Entry> earlierNewestFirst,
      double lookbackMin) {
    double v = obs.value();
    if (v < rule.minPlausible() || v > rule.maxPlausible()) {
      return reject(obs, RejectionReason.OUTSIDE_PLAUSIBLE_RANGE, String.format(Locale.ROOT,
          "%s %.4g is outside the plausible range [%.4g, %.4g]", obs.measurement(), v, rule.minPlausible(), rule.maxPlausible()));
    }
    Observation previousApplied = null;
    int same = 1;
    boolean run = true;
    double runStart = obs.timeMin();
    // Times of this sensor's recent readings, newest first, for its cadence (span test only).
    var times = new java.util.ArrayList<Double>();
    times.add(obs.timeMin());
    for (FilterTimeline.Entry e : earlierNewestFirst) {
      if (e.key.time() < obs.timeMin() - lookbackMin) {
        break;
      }
      Observation o = e.observation;
      if (o == null || !o.source().equals(obs.source()) || !o.measurement().equals(obs.measurement())
          || o.kind() != Observation.Kind.VALUE) {
        continue;
      }
      times.add(e.key.time());
      if (run && Math.abs(o.value() - v) <= rule.flatLineTolerance()) {
        same++;
        runStart = e.key.time();
      } else {
        run = false;
      }
      if (previousApplied == null && e.status != null && e.status.applied()) {
        previousApplied = o;
      }
      if (!run && previousApplied != null && times.size() > CADENCE_READINGS) {
        break;
      }
    }
    if (same >= rule.flatLineCount()) {
      return reject(obs, RejectionReason.FLAT_LINE, String.format(Locale.ROOT,
          "%d consecutive readings of %s from %s equal %.4g: sensor stuck or disconnected", same, obs.measurement(), obs.source(), v));
    }
    if (same >= 3 && obs.timeMin() - runStart >= rule.flatLineSpanMin() && times.size() > CADENCE_READINGS) {
      double cadence = medianGap(times);
      if (cadence <= rule.continuousIntervalMin()) {
        return reject(obs, RejectionReason.FLAT_LINE, String.format(Locale.ROOT,
            "%s from %s, a sensor reporting every %.1f min, has read %.4g for %.0f min: sensor stuck or disconnected",
            obs.measurement(), obs.source(), cadence, v, obs.timeMin() - runStart));
      }
    }
    if (previousApplied != null) {
      double dt = Math.max(obs.timeMin() - previousApplied.timeMin(), 1.0);
      double rate = Math.abs(v - previousApplied.value()) / dt;
      if (rate > rule.maxRatePerMin()) {
        return reject(obs, RejectionReason.IMPOSSIBLE_JUMP, String.format(Locale.ROOT,
            "%s changed from %.4g to %.4g in %.1f min (%.3g per min, at most %.3g possible)", obs.measurement(),
            previousApplied.value(), v, obs.timeMin() - previousApplied.timeMin(), rate, rule.maxRatePerMin()));
      }
    }
    return Optional.empty();
  }

  /** Readings (besides the new one) that give a sensor's cadence for the span test. */
  static final int CADENCE_READINGS = 5;

  /** Median interval of times listed newest first (at least two); also {@link FilterTimeline#sensorIntervalMin}'s. */
  static double medianGap(java.util.List<Double> newestFirst) {
    double[] gaps = new double[newestFirst.size() - 1];
    for (int i = 1; i < newestFirst.size(); i++) {
      gaps[i - 1] = newestFirst.get(i - 1) - newestFirst.get(i);
    }
    java.util.Arrays.sort(gaps);
    int m = gaps.length / 2;
    return gaps.length % 2 == 1 ? gaps[m] : 0.5 * (gaps[m - 1] + gaps[m]);
  }

  private static Optional<ItemStatus> reject(Observation obs, RejectionReason reason, String detail) {
    return Optional.of(ItemStatus.rejected(obs.id(), obs.timeMin(), reason, detail));
  }
}
