package org.icutwin.server.twin;

import java.time.Instant;
import java.util.List;
import org.icutwin.control.twin.TwinExport;
import org.icutwin.control.twin.UnreadableTwinStateException;
import org.icutwin.server.cluster.CborSerializable;

/**
 * A Pekko snapshot of one patient's {@link TwinState}: the twin's own export plus everything the
 * state keeps beside it. Immutable, made in the actor when the snapshot is taken (so the live,
 * mutable state is never serialised while it changes).
 *
 * <p>Reading a snapshot of another {@link #FORMAT_VERSION}, or one whose twin export has another
 * {@link TwinExport#FORMAT_VERSION}, fails while deserialising; the snapshot store is configured with
 * {@code snapshot-is-optional}, so the twin then recovers by replaying its whole journal.
 *
 * @param events events applied up to the snapshot
 * @param twin the twin's export; null before admission
 * @param itemsRecorded observations and doses journaled up to the snapshot
 * @param doses doses recorded for history (absent in snapshots taken before it existed: empty)
 * @param acknowledgements acknowledgements of the kept alerts (absent in older snapshots: none)
 */
public record TwinSnapshot(int formatVersion, long events, TwinEvent.Admitted admission, TwinExport twin,
    Instant dischargedAt, List<TwinState.Binding> bindings, List<TwinState.Binding> pastBindings,
    List<DeviceTime> deviceLatest, Instant barrier, Instant dataTime, Instant lastReceived, List<IdTime> recentIds,
    List<String> preApplied, List<TwinState.Point> points, List<String> recentControlledIds,
    List<TwinState.ProposalRecord> proposals, List<TwinEvent.AlertRaised> alerts,
    List<TwinEvent.ParametersUpdated> estimates, Instant lastEstimateAt, long itemsRecorded,
    List<TwinState.DosePoint> doses, List<TwinState.Acknowledgement> acknowledgements) implements CborSerializable {

  /** Raise when a field's meaning or shape changes: older snapshots are then ignored and the journal replayed. */
  public static final int FORMAT_VERSION = 1;

  public TwinSnapshot {
    if (formatVersion != FORMAT_VERSION) {
      throw new UnreadableTwinStateException("twin snapshot format version " + formatVersion
          + " cannot be read (this version reads " + FORMAT_VERSION + ")");
    }
    if (twin != null && twin.formatVersion() != TwinExport.FORMAT_VERSION) {
      throw new UnreadableTwinStateException("twin snapshot holds a twin export of format version "
          + twin.formatVersion() + " (this version reads " + TwinExport.FORMAT_VERSION + ")");
    }
    // Checked here, while deserialising, so that such a snapshot is skipped (journal replayed)
    // rather than failing the recovery when the twin is restored from it.
    if (twin != null && (admission == null || !twin.kind().equals(admission.kind()))) {
      throw new UnreadableTwinStateException("twin snapshot holds a " + twin.kind() + " twin but the admission is "
          + (admission == null ? "missing" : "for a " + admission.kind() + " twin"));
    }
  }

  /** The newest reading time of a bound device. */
  public record DeviceTime(String deviceId, Instant time) {
  }

  /** A recently seen message id and when it arrived (for de-duplication). */
  public record IdTime(String id, Instant received) {
  }
}
