package org.icutwin.estimation.monitor;

/** Whether the twin still explains the patient's measurements. */
public enum DriftStatus {
  /** Innovations consistent with the model's stated uncertainty. */
  IN_CONTROL,
  /** Measurements persistently above the twin's predictions. */
  UNDER_PREDICTING,
  /** Measurements persistently below the twin's predictions. */
  OVER_PREDICTING,
  /**
   * Both within the same window: persistently above the predictions, then below (or the other way
   * round). No direction can be read from it.
   */
  BOTH_WAYS
}
