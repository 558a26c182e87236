package org.icutwin.server.twin.api;

import java.util.Map;

/** Plain-language texts for the reason codes the controller and the safety envelope give. */
public final class ReasonTexts {

  private static final Map<String, String> TEXTS = Map.ofEntries(
      Map.entry("INCREASE_ABOVE_BAND", "the twin predicts the value above its target (this drug lowers it): increase"),
      Map.entry("DECREASE_BELOW_BAND", "the twin predicts the value falling towards or below the band (this drug lowers it): decrease"),
      Map.entry("INCREASE_BELOW_BAND", "the twin predicts the value below its target (this drug raises it): increase"),
      Map.entry("DECREASE_ABOVE_BAND", "the twin predicts the value rising towards or above the band (this drug raises it): decrease"),
      Map.entry("HOLD_IN_BAND", "the twin predicts the value in the target band: keep the rate"),
      Map.entry("HOLD_OUT_OF_BAND", "the twin predicts the value outside the band, but the rate stays about the same: see the other reasons"),
      Map.entry("REDUCE_FEED_INSULIN_CONSTRAINED", "insulin is near its 24-h limit and glucose is above the band:"
          + " lower the feed one step (STAR keeps nutrition at 30-100% of its goal)"),
      Map.entry("RESTORE_FEED", "glucose has come down: bring the feed one step back toward its goal"),
      Map.entry("START_DEXTROSE_REPEATED_HYPOGLYCAEMIA", "a second dextrose rescue within 2 h, or a rescue on a reading"
          + " below 2.2 mmol/L: the insulin already given outlasts a bolus; start a dextrose infusion"),
      Map.entry("RAISE_DEXTROSE_REPEATED_HYPOGLYCAEMIA", "another dextrose rescue with the protocol's dextrose infusion"
          + " running: raise the infusion one step"),
      Map.entry("WEAN_DEXTROSE", "no rescue for 2 h and glucose at 6.0 mmol/L or more: bring the protocol's dextrose"
          + " infusion one step down, toward the clinician's own rate"),
      Map.entry("RISK_BOUND_ACTIVE", "the rate is held back so that the predicted risk of a low value stays below 5%"),
      Map.entry("RISK_SUSPEND", "the risk of a low value is too high: suspend"),
      Map.entry("AT_MAX_RATE", "the controller's maximum rate is reached"),
      Map.entry("MAX_STEP", "the change is limited to the largest step per decision"),
      Map.entry("BAND_UNREACHABLE", "the band cannot be reached within the horizon at allowed rates"),
      Map.entry("CUMULATIVE_CAP_LIMITS", "the plan gives all that the drug library's 24-h cap leaves: the rate is held"
          + " lower than the prediction alone would ask"),
      Map.entry("DECREASE_FOR_CUMULATIVE_CAP", "the drug library's 24-h cap leaves no more: decrease, although the twin"
          + " does not predict the value reaching the target at the running rate"),
      Map.entry("MEASURED_LOW_SUSPEND", "the latest measurement is low: insulin stopped (protocol)"),
      Map.entry("DEXTROSE_RESCUE", "hypoglycaemia protocol: give IV dextrose"),
      Map.entry("CGM_LOW_CONTRADICTED_BY_BLOOD",
          "CGM low contradicted by a recent blood glucose: no dextrose on it, insulin stays stopped; check a blood glucose now"),
      Map.entry("CGM_LOW_AWAITS_BLOOD",
          "CGM low: insulin stopped; confirm with a blood glucose now before dextrose"),
      Map.entry("POST_RESCUE_HOLD", "dextrose given within the last hour: insulin stays stopped (protocol)"),
      Map.entry("POST_LOW_HOLD", "blood glucose below 4.0 mmol/L within the last hour: insulin stays stopped (protocol)"),
      Map.entry("MEASURED_FALL_SUSPEND",
          "the latest measurement is falling fast (below 4.4 mmol/L: 1.4 mmol/L an hour; below 5.5: 2; from intermittent readings, 2.8 "
              + "below 7.8, 4.2 below 11.1, 5.6 above): insulin stopped (protocol)"),
      Map.entry("OLD_READING_NO_INCREASE", "the newest reading is over 2 h old: insulin is not raised until a new one"
          + " (measure now)"),
      Map.entry("MEASURED_FALL_NO_INCREASE",
          "the latest measurement is below 5.0 mmol/L, or below 8.0 and falling 1 mmol/L an hour or faster: insulin is not raised (protocol)"),
      Map.entry("RESTART_AT_HALF_RATE",
          "insulin stopped for a fall 30 min to 4 h ago restarts at about half the rate that ran before (glucose at least 5.5 mmol/L and not falling 2 mmol/L an hour; no low or rescue since the stop)"),
      Map.entry("ABOVE_HARD_MAX", "above the drug library's hard maximum: a proposal is clipped to it, a clinician's dose refused"),
      Map.entry("BELOW_HARD_MIN",
          "below the drug library's hard minimum: a negative rate becomes a stop, otherwise no dose is proposed"),
      Map.entry("ABOVE_SOFT_MAX", "above the drug library's soft maximum: accepting needs a reason"),
      Map.entry("BELOW_SOFT_MIN", "below the drug library's soft minimum: accepting needs a reason"),
      Map.entry("RATE_CHANGE_LIMITED", "the change was limited to the library's step"),
      Map.entry("CUMULATIVE_24H_CAP", "the 24-hour cap of the drug library is reached"),
      Map.entry("INFUSION_RATE_LIMITED", "the infusion is lengthened so that it runs no faster than the library allows"),
      Map.entry("INFUSION_DURATION_MISSING", "the dose has no infusion time, which the library needs: no dose proposed"),
      Map.entry("NON_FINITE", "a number in the proposal or the prediction is not finite: no dose proposed"),
      Map.entry("NO_LIBRARY_ENTRY", "the drug library has no limits for this drug, care area and kind of dose: no dose proposed"),
      Map.entry("UNIT_MISMATCH", "a dose or rate is in a unit that cannot be compared with the library's: no dose proposed"),
      Map.entry("MISSING_BODY_WEIGHT", "a limit per kilogram needs the body weight, which is missing: no dose proposed"),
      Map.entry("CURRENT_RATE_UNKNOWN", "the rate running now is not known: no change proposed"),
      Map.entry("NO_OUTPUT_POLICY", "the safety checks have no rules for this measured quantity: no dose proposed"),
      Map.entry("STALE_MEASUREMENT", "the newest measurement is too old to dose on (for a CGM: quiet or rejected for 30 min); measure now"),
      Map.entry("IMPLAUSIBLE_PREDICTION", "the prediction is implausible: no dose proposed"),
      Map.entry("SOLVER_FAILED", "the optimiser failed: no dose proposed"),
      Map.entry("SOLVER_TIMEOUT", "the optimiser ran out of time: no dose proposed"),
      Map.entry("DRIFT_ALERT", "the model no longer explains the measurements (drift)"),
      Map.entry("STOP_DELIVERED_DESPITE_TWIN", "stopping is always allowed, even with doubts about the twin"),
      Map.entry("SAFE_DIRECTION_DESPITE_DRIFT", "a change in the safe direction is allowed despite drift"),
      Map.entry("DRIFT_ERRS_ON_SAFE_SIDE",
          "allowed despite drift: the measurements run on the safe side of the twin's predictions for this change"
              + " (e.g. glucose above them, for more insulin)"),
      Map.entry("CAP_REDUCTION",
          "no new dose is proposed, but the running rate would pass the 24-hour cap before the next decision: reduced to stay within it"),
      Map.entry("A_PRIORI_NO_LEVELS", "no levels yet: population values for the covariates"),
      Map.entry("PERSONALISED_FROM_LEVELS", "clearance personalised from the measured levels"),
      Map.entry("LEVEL_BELOW_LOQ_USED_CENSORED",
          "a level below the limit of quantification is used as 'below the limit', not as a value"),
      Map.entry("MAP_NOT_CONVERGED", "the personalisation did not converge: its best estimate so far is used; check the proposal"),
      Map.entry("LOADING_DOSE_LIMITED_BY_LIBRARY", "the loading dose is limited by the drug library"),
      Map.entry("INTERVAL_EXTENDED_FOR_LOW_CLEARANCE", "the dosing interval is lengthened for low clearance"),
      Map.entry("INFUSION_EXTENDED_FOR_RATE_LIMIT", "the infusion time is lengthened to keep within the maximum rate"),
      Map.entry("LOADING_DOSE", "a loading dose is proposed"),
      Map.entry("DOSE_LIMITED_BY_LIBRARY", "the dose is limited by the drug library"),
      Map.entry("HIGH_EXPOSURE_RISK", "the risk of a toxic exposure is high"),
      Map.entry("LOW_PROBABILITY_IN_BAND", "even this regimen reaches the target band with a probability below one half"));

  private ReasonTexts() {
  }

  /** Whether a code has its own text (every code the twin-control enums can give must). */
  static boolean hasText(String code) {
    return TEXTS.containsKey(code);
  }

  public static Views.Reason reason(String code) {
    return new Views.Reason(code, TEXTS.getOrDefault(code, code.toLowerCase(java.util.Locale.ROOT).replace('_', ' ')));
  }
}
