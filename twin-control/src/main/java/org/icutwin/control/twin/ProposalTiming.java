package org.icutwin.control.twin;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a twin proposes on its own (the server's twins follow it; the closed-loop trials of the
 * product twin too). Pure.
 *
 * <ul>
 *   <li>After a new measurement of its controlled quantity, applied or refused by the filter as
 *       contradicting the twin ({@link #counts}), once the decision interval has passed since its
 *       last proposal: glucose 15 min, MAP 5 min, vancomycin every level.
 *   <li>After a reading beyond the risk limit (applied or refused by the filter) before the interval
 *       has passed: a glucose low at once, every time (each counts for the hypoglycaemia protocol); a
 *       low MAP at most once a minute (1-Hz data would otherwise bring a proposal every second).
 *   <li>At once after a reported input that the plan did not foresee and that changes what the
 *       controlled quantity will do ({@link ItemResult#replan()}: a glucose twin's feed started,
 *       stopped or re-prescribed, or dextrose changed by the clinician). A feed stopped with insulin
 *       running is a classic cause of ICU hypoglycaemia; waiting for the next scheduled measurement
 *       (up to 4 h) would leave the insulin rate planned for the feed running.
 *   <li>After the measurement the last proposal asked for (at or after its
 *       {@code nextMeasurementAt}), whatever the interval: a proposal withheld as
 *       {@code STALE_MEASUREMENT} asks for one now, and so may the hypoglycaemia protocol (a feed
 *       stopped with insulin running, a fast fall).
 * </ul>
 */
public final class ProposalTiming {

  private ProposalTiming() {
  }

  /** The shortest time between two proposals after routine measurements. */
  public static Duration decisionInterval(TwinKind kind) {
    return switch (kind) {
      case GLUCOSE_INSULIN -> Duration.ofMinutes(15);
      case NOREPINEPHRINE_MAP -> Duration.ofMinutes(5);
      case VANCOMYCIN -> Duration.ZERO;
    };
  }

  /** The shortest time between two proposals after readings beyond the risk limit. */
  public static Duration urgentInterval(TwinKind kind) {
    return switch (kind) {
      case NOREPINEPHRINE_MAP -> Duration.ofMinutes(1);
      case GLUCOSE_INSULIN, VANCOMYCIN -> Duration.ZERO;
    };
  }

  /**
   * Whether a proposal is due at {@code time} after a routine measurement: none was made yet, the
   * decision interval has passed since the last, or this is the measurement the last one asked for
   * (taken at or after its {@code nextMeasurementAt}: a proposal withheld as {@code STALE_MEASUREMENT}
   * asks for one now, as does the protocol after a feed stopped with insulin running).
   */
  public static boolean due(TwinKind kind, Optional<ProposalDraft> last, Instant time) {
    return last.isEmpty() || !time.isBefore(last.get().issuedAt().plus(decisionInterval(kind)))
        || !time.isBefore(last.get().nextMeasurementAt()) && !time.isBefore(last.get().issuedAt());
  }

  /** Whether a reading beyond the risk limit at {@code time} calls for a proposal now. */
  public static boolean urgentDue(TwinKind kind, Optional<ProposalDraft> last, Instant time) {
    return last.isEmpty() || !time.isBefore(last.get().issuedAt().plus(urgentInterval(kind)));
  }

  /**
   * The filter's refusals of a reading of the controlled quantity after which a proposal is still
   * made: the reading may be right and the twin wrong (a real fall the twin did not expect is refused
   * as an outlier until a second reading confirms it), and the hypoglycaemia protocol reads refused
   * lows. Without a proposal after it, a refused blood glucose left the last rate running with no
   * advice on when to measure again: the product-path trial found patients on 16 U/h whose refused
   * readings brought nothing until they reached 0.4 mmol/L (docs/control.md).
   */
  static final java.util.Set<String> REFUSALS_THAT_COUNT = java.util.Set.of("INNOVATION_OUTLIER", "IMPOSSIBLE_JUMP",
      "FLAT_LINE", "OUTSIDE_PLAUSIBLE_RANGE");

  /**
   * Whether a reading of the controlled quantity, as the twin took it, counts towards a routine
   * proposal ({@link #due}): applied, or refused by the filter as contradicting the twin (not a
   * duplicate, a reading from before admission or one beyond the late window).
   */
  public static boolean counts(ItemResult reading) {
    return reading.applied() || REFUSALS_THAT_COUNT.contains(reading.reason());
  }


  /**
   * How long past a proposal's advised measurement ({@code nextMeasurementAt}) the measurement
   * counts as overdue: glucose 30 min (a blood glucose the protocol asked for), vancomycin 2 h (a
   * level, with the laboratory's turnaround). Empty for MAP, whose arterial line reports every minute
   * and whose silence is told by the staleness check ({@link PatientTwin#stale}).
   */
  public static Optional<Duration> overdueGrace(TwinKind kind) {
    return switch (kind) {
      case GLUCOSE_INSULIN -> Optional.of(Duration.ofMinutes(30));
      case VANCOMYCIN -> Optional.of(Duration.ofHours(2));
      case NOREPINEPHRINE_MAP -> Optional.empty();
    };
  }

  /** How far back an overdue measurement is still told: a replay of old data raises nothing. */
  static final Duration OVERDUE_LOOKBACK = Duration.ofHours(24);

  /**
   * Whether the measurement the newest proposal advised is overdue at {@code now} (the server's
   * clock): no reading of the controlled quantity was taken after the proposal, and {@code now} is
   * past the advised time by the kind's grace, but not by more than a day. Found by the product-path
   * vancomycin trial: a level the laboratory lost brought no new proposal, and nothing asked for the
   * next level.
   */
  public static boolean measurementOverdue(TwinKind kind, ProposalDraft newest, Optional<Instant> newestReading,
      Instant now) {
    Optional<Duration> grace = overdueGrace(kind);
    if (grace.isEmpty() || newestReading.isPresent() && newestReading.get().isAfter(newest.issuedAt())) {
      return false;
    }
    Instant due = newest.nextMeasurementAt().plus(grace.get());
    return now.isAfter(due) && !now.isAfter(newest.nextMeasurementAt().plus(OVERDUE_LOOKBACK));
  }

  /** Whether {@code value} (in the target's unit) lies on the harmful side of the twin's risk limit. */
  public static boolean beyondRiskLimit(Target target, double value, String unit) {
    return target.unit().equals(unit) && (target.riskAbove() ? value > target.riskLimit() : value < target.riskLimit());
  }
}
