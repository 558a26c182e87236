package org.icutwin.control.mpc;

/** A constraint that shaped the plan; listed in every result so a clinician sees why. Tests assert these. */
public enum ActiveConstraint {
  /** The predicted lower quantile touches the risk threshold (e.g. hypoglycaemia risk bounds the dose). */
  RISK_BOUND,
  /** The risk bound is breached within the first move whatever the plan: the drug is suspended. */
  RISK_SUSPEND,
  /** The first move is at the highest allowed rate. */
  AT_MAX_RATE,
  /** The first move is at the lowest allowed rate. */
  AT_MIN_RATE,
  /** The first move changed by the maximum allowed step. */
  MAX_CHANGE,
  /** Even the best plan leaves the predicted output above the band. */
  BAND_HIGH_UNREACHABLE,
  /** Even the best plan leaves the predicted output below the band. */
  BAND_LOW_UNREACHABLE,
  /** The plan delivers all that a cumulative limit (the rolling 24-h cap) leaves up to some move. */
  CUMULATIVE_CAP
}
