package org.icutwin.control.twin;

import java.util.Objects;

/**
 * What the twin did with an observation or a dose.
 *
 * @param applied whether it changed the twin's estimate
 * @param reason a reason code when not applied (e.g. {@code GATE}, {@code BEFORE_ADMISSION},
 *     {@code CONTEXT_ONLY}), else empty
 * @param detail specifics for people
 * @param replan whether the item changed an input in a way no plan foresaw, so that the pending
 *     proposal no longer fits and a new one is due at once ({@link ProposalTiming}): a glucose twin's
 *     feed started, stopped or re-prescribed, or its dextrose changed by the clinician (not a rate
 *     reported again, nor the twin's own advice carried out), once the twin has a reading to plan from
 */
public record ItemResult(boolean applied, String reason, String detail, boolean replan) {
  public ItemResult {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(detail, "detail");
  }

  /** A result that calls for no new plan. */
  public ItemResult(boolean applied, String reason, String detail) {
    this(applied, reason, detail, false);
  }

  static ItemResult ok() {
    return new ItemResult(true, "", "");
  }

  /** Applied, and the pending proposal no longer fits: propose again now. */
  static ItemResult okReplan() {
    return new ItemResult(true, "", "", true);
  }

  static ItemResult notApplied(String reason, String detail) {
    return new ItemResult(false, reason, detail);
  }
}
