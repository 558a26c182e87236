package org.icutwin.server.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * How the twin actors persist and summarise themselves.
 *
 * @param snapshotEvery a twin writes a Pekko snapshot every this many journal events (recovery then
 *     loads the newest snapshot and replays only the events after it)
 * @param snapshotsKept how many snapshots per twin are kept (older ones are deleted; events never are)
 * @param estimateInterval a twin journals {@code parameters-updated} (its estimate and learned
 *     parameters) when its data time has advanced at least this much since the last one
 */
@ConfigurationProperties("icutwin.twin")
public record TwinSettings(@Bindable(defaultValue = "20000") int snapshotEvery,
    @Bindable(defaultValue = "2") int snapshotsKept,
    @Bindable(defaultValue = "5m") Duration estimateInterval) {

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
  }

  public static TwinSettings defaults() {
    return new TwinSettings(1000, 2, Duration.ofMinutes(5));
  }
}
