package org.icutwin.estimation.monitor;

/** Whether the twin still explains the patient's measurements. */
public enum DriftStatus {
  /** Innovations consistent with the model's stated uncertainty. */
  IN_CONTROL,
  /** Measurements persistently above the twin's predictions. */
  UNDER_PREDICTING,
  /** Measurements persistently below the twin's predictions. */
  OVER_PREDICTING
}
