package org.icutwin.estimation.timeline;

/** Why an observation or dose event was not applied to the twin. Tests assert on these codes. */
public enum RejectionReason {
  /** An item with the same id was already recorded. */
  DUPLICATE,
  /** Older than the late window: applying it would rewrite settled history; kept and reported. */
  LATE_BEYOND_WINDOW,
  /** Before the twin's start (admission). */
  BEFORE_START,
  /** The model has no such output. */
  UNKNOWN_MEASUREMENT,
  /** Outside what is physically or physiologically possible for the quantity. */
  OUTSIDE_PLAUSIBLE_RANGE,
  /** Changed faster than the quantity can change since the previous reading of the same sensor. */
  IMPOSSIBLE_JUMP,
  /** The sensor repeated the same value for too long: stuck or disconnected. */
  FLAT_LINE,
  /** Normalised innovation beyond the χ² gate: the reading contradicts the twin too strongly. */
  INNOVATION_OUTLIER,
  /** The model has no such input channel. */
  UNKNOWN_INPUT,
  /** Replaced by a corrected or amended result under the same id; the filter weighs the correction instead. */
  SUPERSEDED,
  /** Withdrawn by its sender (entered in error): taken out of the filter, which was re-run without it. */
  WITHDRAWN,
  /**
   * A correction or withdrawal of an item older than the late window: the filter cannot re-run from
   * before it, so the original stays in the estimate; reported, never applied at the wrong time.
   */
  REVISION_BEYOND_WINDOW,
  /** A correction or withdrawal names an id the twin holds no observation under (never seen, or forgotten). */
  UNKNOWN_ITEM
}
