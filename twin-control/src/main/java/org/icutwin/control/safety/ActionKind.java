package org.icutwin.control.safety;

/** Whether an action sets a continuous infusion rate or gives one discrete dose. */
public enum ActionKind {
  /** A new continuous rate (mass, IU or per-weight rate), limited by the entry's {@code doseRate}. */
  CONTINUOUS_RATE,
  /** One bolus or intermittent infusion (mass, IU or per-weight amount), limited by the entry's {@code dose}. */
  DISCRETE_DOSE
}
