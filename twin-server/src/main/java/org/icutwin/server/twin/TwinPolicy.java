package org.icutwin.server.twin;

import java.time.Duration;
import java.time.Instant;
import org.icutwin.control.twin.ProposalDraft;

/**
 * When a twin proposes on its own and when a proposal expires.
 *
 * <p>A twin proposes after a new measurement of its controlled quantity once the decision interval
 * has passed since its last proposal (glucose 15 min, MAP 5 min, vancomycin every level). A
 * proposal expires when the data time, or in live mode the server clock, passes its expiry: a
 * stale proposal cannot be accepted.
 *
 * @param liveClock whether the server clock counts for expiry (live and demo), or only data time (replay)
 */
public record TwinPolicy(boolean liveClock) {

  /** Whether a new proposal is due at {@code time}. */
  public boolean due(TwinState s, Instant time) {
    Duration interval = switch (s.spec().kind()) {
      case GLUCOSE_INSULIN -> Duration.ofMinutes(15);
      case NOREPINEPHRINE_MAP -> Duration.ofMinutes(5);
      case VANCOMYCIN -> Duration.ZERO;
    };
    Instant last = s.proposals().stream().map(p -> p.draft().issuedAt()).max(Instant::compareTo).orElse(null);
    return last == null || !time.isBefore(last.plus(interval));
  }

  /**
   * Whether a reading beyond the risk limit at {@code time} calls for a proposal before the decision
   * interval has passed: a glucose low at once, every time (readings come at most every few minutes
   * and each one counts for the hypoglycaemia protocol); a low MAP at most once a minute (1-Hz data
   * would otherwise bring a proposal every second).
   */
  public boolean urgentDue(TwinState s, Instant time) {
    Duration interval = switch (s.spec().kind()) {
      case NOREPINEPHRINE_MAP -> Duration.ofMinutes(1);
      case GLUCOSE_INSULIN, VANCOMYCIN -> Duration.ZERO;
    };
    Instant last = s.proposals().stream().map(p -> p.draft().issuedAt()).max(Instant::compareTo).orElse(null);
    return last == null || !time.isBefore(last.plus(interval));
  }

  public boolean expired(ProposalDraft p, Instant dataTime, Instant now) {
    return dataTime.isAfter(p.expiresAt()) || (liveClock && now.isAfter(p.expiresAt()));
  }
}
