package org.icutwin.control.safety;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The envelope's verdict on one proposal: what may be shown to a clinician, and why.
 *
 * <p>Invariant: a WITHHELD decision has no action (not zero, not "continue"); PASSED and CLIPPED have one.
 *
 * @param outcome PASSED (unchanged), CLIPPED (moved toward safety) or WITHHELD (no recommendation)
 * @param action the safe action in the library's unit, absent exactly when withheld
 * @param findings every reason the envelope acted, in the order of the checks
 * @param overrideRequired true when a soft limit is exceeded and no valid clinician override was given
 */
public record SafetyDecision(Outcome outcome, Optional<SafeAction> action, List<SafetyFinding> findings,
    boolean overrideRequired) {

  /** What happened to the proposal. */
  public enum Outcome {
    PASSED,
    CLIPPED,
    WITHHELD
  }

  public SafetyDecision {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(action, "action");
    findings = List.copyOf(findings);
    if ((outcome == Outcome.WITHHELD) == action.isPresent()) {
      throw new IllegalArgumentException("a " + outcome + " decision must " + (action.isPresent() ? "not " : "")
          + "carry an action");
    }
    if (outcome == Outcome.WITHHELD && overrideRequired) {
      throw new IllegalArgumentException("a withheld decision cannot be overridden");
    }
  }

  static SafetyDecision withheld(List<SafetyFinding> findings) {
    return new SafetyDecision(Outcome.WITHHELD, Optional.empty(), findings, false);
  }

  /** The reason codes, in order. */
  public List<SafetyReason> reasons() {
    return findings.stream().map(SafetyFinding::reason).toList();
  }

  /** True when the envelope reported this reason. */
  public boolean has(SafetyReason reason) {
    return findings.stream().anyMatch(f -> f.reason() == reason);
  }

  /** True when the action may be presented for acceptance as is (not withheld, no override missing). */
  public boolean isDeliverable() {
    return outcome != Outcome.WITHHELD && !overrideRequired;
  }
}
