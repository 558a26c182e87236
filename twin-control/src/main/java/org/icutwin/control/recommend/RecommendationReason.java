package org.icutwin.control.recommend;

/**
 * Why the controller proposes what it does, in terms a clinician reads (safety findings are
 * listed separately, as {@code SafetyReason}s). Tests assert these codes.
 */
public enum RecommendationReason {
  /** Predicted above the band under the current rate: more drug. */
  INCREASE_ABOVE_BAND,
  /** Predicted below the band, or the risk bound pressed: less drug. */
  DECREASE_BELOW_BAND,
  /** Predicted within the band: the rate changes little. */
  HOLD_IN_BAND,
  /** The risk bound (e.g. P(glucose < 4.0) ≤ 5%) limits the dose. */
  RISK_BOUND_ACTIVE,
  /** The risk bound is breached whatever the plan: the drug is suspended. */
  RISK_SUSPEND,
  /** A measured value below the protocol's limit stops the drug whatever the twin predicts. */
  MEASURED_LOW_SUSPEND,
  /** Low glucose with insulin stopped: intravenous dextrose proposed. */
  DEXTROSE_RESCUE,
  /** Within the protocol's hold after a dextrose rescue: insulin stays stopped, whatever the twin predicts. */
  POST_RESCUE_HOLD,
  /** The plan is at the controller's maximum rate. */
  AT_MAX_RATE,
  /** The plan changed by the largest allowed step. */
  MAX_STEP,
  /** Even the best plan leaves the output outside the band; a clinician should review the cause. */
  BAND_UNREACHABLE
}
