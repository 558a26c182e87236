package org.icutwin.server.twin;

import java.time.Instant;
import java.util.Optional;
import org.icutwin.control.twin.ProposalDraft;
import org.icutwin.control.twin.ProposalTiming;

/**
 * When a twin proposes on its own ({@link ProposalTiming}) and when a proposal expires.
 *
 * <p>A proposal expires when the data time, or in live mode the server clock, passes its expiry: a
 * stale proposal cannot be accepted.
 *
 * @param liveClock whether the server clock counts for expiry (live and demo), or only data time (replay)
 */
public record TwinPolicy(boolean liveClock) {

  /** Whether a new proposal is due at {@code time} after a routine measurement. */
  public boolean due(TwinState s, Instant time) {
    return ProposalTiming.due(s.spec().kind(), last(s), time);
  }

  /** Whether a reading beyond the risk limit at {@code time} calls for a proposal now. */
  public boolean urgentDue(TwinState s, Instant time) {
    return ProposalTiming.urgentDue(s.spec().kind(), last(s), time);
  }

  /** The twin's newest proposal (by data time). */
  private static Optional<ProposalDraft> last(TwinState s) {
    return s.proposals().stream().map(TwinState.ProposalRecord::draft)
        .max(java.util.Comparator.comparing(ProposalDraft::issuedAt));
  }

  public boolean expired(ProposalDraft p, Instant dataTime, Instant now) {
    return dataTime.isAfter(p.expiresAt()) || (liveClock && now.isAfter(p.expiresAt()));
  }
}
