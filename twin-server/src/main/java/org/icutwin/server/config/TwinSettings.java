package org.icutwin.server.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;
import org.icutwin.control.twin.TwinKind;
import org.icutwin.control.twin.TwinSpec;

/**
 * How the twin actors persist and summarise themselves.
 *
 * @param snapshotEvery a twin writes a Pekko snapshot every this many journal events (recovery then
 *     loads the newest snapshot and replays only the events after it)
 * @param snapshotsKept how many snapshots per twin are kept (older ones are deleted; events never are)
 * @param estimateInterval a twin journals {@code parameters-updated} (its estimate and learned
 *     parameters) when its data time has advanced at least this much since the last one
 * @param lateWindowGlucose how late a reading or dose may reach a glucose twin (before its newest
 *     item) and still be filtered in time order: 2 h by default, since a laboratory glucose is often
 *     reported an hour or more after the draw. Later ones are kept, not applied, and reported.
 * @param lateWindowMap the same for a norepinephrine-MAP twin: 30 min by default (1-Hz MAP; the
 *     timeline keeps a checkpoint per item inside the window)
 * @param inboxSweep how often a twin looks in the ingest store for recorded items that never reached
 *     it (a delivery dropped by a full stash, or lost in the cluster while its shard moved) and
 *     applies them; 0 turns the sweep off (items then wait for the twin's next recovery)
 */
@ConfigurationProperties("icutwin.twin")
public record TwinSettings(@Bindable(defaultValue = "20000") int snapshotEvery,
    @Bindable(defaultValue = "2") int snapshotsKept,
    @Bindable(defaultValue = "5m") Duration estimateInterval,
    @Bindable(defaultValue = "2h") Duration lateWindowGlucose,
    @Bindable(defaultValue = "30m") Duration lateWindowMap,
    @Bindable(defaultValue = "60s") Duration inboxSweep) {

  public TwinSettings {
    if (snapshotEvery < 1) {
      throw new IllegalArgumentException("icutwin.twin.snapshot-every must be >= 1, was " + snapshotEvery);
    }
    if (snapshotsKept < 1) {
      throw new IllegalArgumentException("icutwin.twin.snapshots-kept must be >= 1, was " + snapshotsKept);
    }
    if (estimateInterval == null || estimateInterval.isNegative() || estimateInterval.isZero()) {
      throw new IllegalArgumentException("icutwin.twin.estimate-interval must be a positive duration (e.g. 5m), was "
          + estimateInterval);
    }
    requireWindow("late-window-glucose", lateWindowGlucose);
    requireWindow("late-window-map", lateWindowMap);
    if (inboxSweep == null || inboxSweep.isNegative()) {
      throw new IllegalArgumentException("icutwin.twin.inbox-sweep must be a duration >= 0 (e.g. 60s; 0 = off), was "
          + inboxSweep);
    }
  }

  private static void requireWindow(String name, Duration window) {
    if (window == null || window.isNegative() || window.toMinutes() > TwinSpec.MAX_LATE_WINDOW_MIN) {
      throw new IllegalArgumentException("icutwin.twin." + name + " must be a duration from 0 to 24h (e.g. 2h), was "
          + window);
    }
  }

  /** The late window, in minutes, a new twin of {@code kind} is admitted with; null where none applies. */
  public Double lateWindowMin(TwinKind kind) {
    return switch (kind) {
      case GLUCOSE_INSULIN -> lateWindowGlucose.toMillis() / 60_000.0;
      case NOREPINEPHRINE_MAP -> lateWindowMap.toMillis() / 60_000.0;
      case VANCOMYCIN -> null;
    };
  }

  public static TwinSettings defaults() {
    return new TwinSettings(1000, 2, Duration.ofMinutes(5), Duration.ofHours(2), Duration.ofMinutes(30),
        Duration.ofSeconds(60));
  }
}
