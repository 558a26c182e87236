package org.icutwin.control.recommend;

/**
 * Why the controller proposes what it does, in terms a clinician reads (safety findings are
 * listed separately, as {@code SafetyReason}s). Tests assert these codes.
 *
 * <p>Exactly one of the first six, or {@link #DECREASE_FOR_CUMULATIVE_CAP}, says which way the rate goes and why, from which way the drug
 * moves the output ({@code MpcConfig.outputRisesWithRate}) and what the twin predicts: insulin
 * lowers glucose, so more insulin answers a value above the target ({@link #INCREASE_ABOVE_BAND});
 * norepinephrine raises MAP, so more of it answers a value below ({@link #INCREASE_BELOW_BAND}).
 */
public enum RecommendationReason {
  /** A drug that lowers the output: the value is predicted above the target or the band, so more drug. */
  INCREASE_ABOVE_BAND,
  /** A drug that lowers the output: the value is predicted falling towards or below the band, or the risk bound pressed: less drug. */
  DECREASE_BELOW_BAND,
  /** A drug that raises the output: the value is predicted below the target or the band, so more drug. */
  INCREASE_BELOW_BAND,
  /** A drug that raises the output: the value is predicted rising towards or above the band: less drug. */
  DECREASE_ABOVE_BAND,
  /** The rate changes little and the value is predicted within the band under it. */
  HOLD_IN_BAND,
  /** The rate changes little although the value is predicted outside the band without a change (a limit, the risk bound or the move cost holds it: see the other reasons). */
  HOLD_OUT_OF_BAND,
  /** The risk bound (e.g. P(glucose < 4.0) ≤ 5%) limits the dose. */
  RISK_BOUND_ACTIVE,
  /** The risk bound is breached whatever the plan: the drug is suspended. */
  RISK_SUSPEND,
  /** A measured value below the protocol's limit stops the drug whatever the twin predicts. */
  MEASURED_LOW_SUSPEND,
  /** Low glucose with insulin stopped: intravenous dextrose proposed. */
  DEXTROSE_RESCUE,
  /**
   * A CGM low that a recent blood glucose contradicts (glucose could not have fallen that far since):
   * no dextrose on it, insulin stays stopped and a blood glucose is asked for now.
   */
  CGM_LOW_CONTRADICTED_BY_BLOOD,
  /**
   * A CGM low with no low treated or measured in blood in the last two hours: insulin stops, and
   * dextrose waits for a blood glucose to confirm it (asked for now).
   */
  CGM_LOW_AWAITS_BLOOD,
  /** Within the protocol's hold after a dextrose rescue: insulin stays stopped, whatever the twin predicts. */
  POST_RESCUE_HOLD,
  /** Within the protocol's hold after a low blood glucose (below 4.0 mmol/L): insulin stays stopped, whatever the twin predicts. */
  POST_LOW_HOLD,
  /** A recent reading low in the band, or falling fast: insulin is not raised, whatever the twin predicts. */
  MEASURED_FALL_NO_INCREASE,
  /**
   * Insulin stopped for a fall restarts, at most at half the rate that ran before, although the
   * newest reading is still falling: HypoglycaemiaProtocol#restartRate (the Yale protocol's resume
   * at a reduced rate after its hold).
   */
  RESTART_AT_HALF_RATE,
  /** The newest reading is over 2 h old: insulin is not raised until a new one, asked for now, whatever the twin predicts. */
  OLD_READING_NO_INCREASE,
  /** A recent reading falling fast for its level (HypoglycaemiaProtocol.fallThatStops): insulin stopped, whatever the twin predicts. */
  MEASURED_FALL_SUSPEND,
  /** The plan is at the controller's maximum rate. */
  AT_MAX_RATE,
  /** The plan changed by the largest allowed step. */
  MAX_STEP,
  /** Even the best plan leaves the output outside the band; a clinician should review the cause. */
  BAND_UNREACHABLE,
  /** The plan gives all that the drug's rolling 24-h cap leaves up to some move: the rate is held lower than the prediction alone would ask. */
  CUMULATIVE_CAP_LIMITS,
  /**
   * Less drug because the rolling 24-h cap leaves no more, although the twin does not predict the
   * value moving past the target under the running rate (instead of the prediction-led decrease
   * codes, which would misstate the cause).
   */
  DECREASE_FOR_CUMULATIVE_CAP
}
