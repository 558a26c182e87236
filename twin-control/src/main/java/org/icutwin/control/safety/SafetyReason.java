package org.icutwin.control.safety;

/**
 * Why the safety envelope changed, held back or flagged a proposed dose; tests assert on these codes.
 *
 * <p>Each code has one {@link Effect}. The full rules, the order of checks and whether a code can
 * be overridden are in docs/safety.md.
 */
public enum SafetyReason {
  /** Above the library's hard maximum: clipped down to it; never overridable. */
  ABOVE_HARD_MAX(Effect.CLIP),
  /** Below the hard minimum (or below 0): clipped up only to a minimum of 0, otherwise withheld. */
  BELOW_HARD_MIN(Effect.CLIP),
  /** Above the soft maximum: deliverable only with a clinician override that states a reason. */
  ABOVE_SOFT_MAX(Effect.NEEDS_OVERRIDE),
  /** Below the soft minimum: deliverable only with a clinician override that states a reason. */
  BELOW_SOFT_MIN(Effect.NEEDS_OVERRIDE),
  /** The change from the current rate exceeds the library's maximum change per step: clipped. */
  RATE_CHANGE_LIMITED(Effect.CLIP),
  /** The rolling 24-h total would exceed its hard cap: clipped, or withheld when the cap is reached. */
  CUMULATIVE_24H_CAP(Effect.CLIP),
  /** A discrete dose would run faster than the library's maximum infusion rate: duration lengthened. */
  INFUSION_RATE_LIMITED(Effect.CLIP),
  /** A discrete dose with a maximum infusion rate came without an infusion duration: withheld. */
  INFUSION_DURATION_MISSING(Effect.WITHHOLD),
  /** The proposal or a prediction is NaN or infinite: withheld. */
  NON_FINITE(Effect.WITHHOLD),
  /** The newest applied measurement of the controlled output is too old, or there is none: withheld. */
  STALE_MEASUREMENT(Effect.WITHHOLD),
  /** Predicted outputs leave the plausible range (e.g. glucose below 0): withheld. */
  IMPLAUSIBLE_PREDICTION(Effect.WITHHOLD),
  /** The optimiser did not converge: withheld. */
  SOLVER_FAILED(Effect.WITHHOLD),
  /** The optimiser ran out of time: withheld. */
  SOLVER_TIMEOUT(Effect.WITHHOLD),
  /** The drift monitor says the twin no longer explains the patient: withheld. */
  DRIFT_ALERT(Effect.WITHHOLD),
  /** No drug library entry (or no limits of the proposed kind) for the drug and care area: withheld. */
  NO_LIBRARY_ENTRY(Effect.WITHHOLD),
  /** The proposal's unit cannot be converted to the library's unit: withheld, never assumed. */
  UNIT_MISMATCH(Effect.WITHHOLD),
  /** A conversion or limit needs the body weight, which is unknown or implausible: withheld. */
  MISSING_BODY_WEIGHT(Effect.WITHHOLD),
  /** A continuous rate came without the rate running now, so a rate-of-change limit cannot be checked: withheld. */
  CURRENT_RATE_UNKNOWN(Effect.WITHHOLD),
  /** The envelope has no policy (maximum age, plausible range) for the controlled output: withheld. */
  NO_OUTPUT_POLICY(Effect.WITHHOLD),
  /**
   * The twin is not trusted (other findings say why), but the proposal is to stop a drug whose
   * safe direction is down (insulin): the stop is delivered, the findings stay visible.
   */
  STOP_DELIVERED_DESPITE_TWIN(Effect.CLIP),
  /**
   * A drift alert is the only concern and the proposal moves in the drug's safe direction (less
   * insulin, more vasopressor) or holds: delivered with the alert attached for the clinician.
   */
  SAFE_DIRECTION_DESPITE_DRIFT(Effect.CLIP),
  /**
   * A drift alert is the only concern and the proposal moves against the drug's safe direction,
   * but the measurements have run on the far side of the twin's predictions from the hazard that
   * direction risks (glucose above the twin's forecast, for more insulin; MAP above it, for less
   * norepinephrine): the twin's picture errs on the safe side for this change, which is delivered
   * with the alert attached. Needs the drug's response ({@link TwinStatus#response()}).
   */
  DRIFT_ERRS_ON_SAFE_SIDE(Effect.CLIP),
  /**
   * The proposal is withheld, but the rate running now (a drug whose safe direction is down)
   * would exceed the 24-h cap before the next decision: reduced to the largest rate within the cap, or stopped.
   */
  CAP_REDUCTION(Effect.CLIP);

  /** What a reason does to the proposal. */
  public enum Effect {
    /** The value was moved toward safety; the rest of the action stands. */
    CLIP,
    /** No action is recommended. */
    WITHHOLD,
    /** The action stands but a clinician must override with a reason before it is given. */
    NEEDS_OVERRIDE
  }

  private final Effect effect;

  SafetyReason(Effect effect) {
    this.effect = effect;
  }

  /** The reason's usual effect (BELOW_HARD_MIN and CUMULATIVE_24H_CAP may also withhold, see docs/safety.md). */
  public Effect effect() {
    return effect;
  }
}
