package org.icutwin.control.safety;

import java.util.List;
import org.icutwin.core.units.UnitException;
import org.icutwin.core.units.Units;
import org.icutwin.estimation.monitor.DriftStatus;

/** Checks of the twin's trustworthiness: each failure withholds the proposal, whatever the dose. */
final class TwinChecks {
  private TwinChecks() {}

  /** Adds a withholding finding for each way the twin's status fails its policy. */
  static void check(TwinStatus twin, SafetyConfig config, List<SafetyFinding> out) {
    switch (twin.solver()) {
      case FAILED -> out.add(new SafetyFinding(SafetyReason.SOLVER_FAILED, "the optimiser did not find a solution"));
      case TIMED_OUT -> out.add(new SafetyFinding(SafetyReason.SOLVER_TIMEOUT, "the optimiser ran out of time"));
      default -> { }
    }
    if (twin.drift() != DriftStatus.IN_CONTROL) {
      // The twin's forecasts are what the dose rests on; a model that no longer explains the
      // patient must not steer, so drift withholds rather than merely flags (docs/safety.md).
      out.add(new SafetyFinding(SafetyReason.DRIFT_ALERT, "drift monitor for " + twin.controlledOutput() + " reports "
          + twin.drift() + ": the twin no longer explains the patient"));
    }
    var policy = config.policy(twin.controlledOutput());
    if (policy.isEmpty()) {
      out.add(new SafetyFinding(SafetyReason.NO_OUTPUT_POLICY, "no freshness or plausibility policy for output '"
          + twin.controlledOutput() + "'; configured: " + config.outputs().keySet()));
      return;
    }
    OutputPolicy p = policy.get();
    checkFreshness(twin, p, out);
    checkPrediction(twin.prediction(), p, out);
  }

  private static void checkFreshness(TwinStatus twin, OutputPolicy p, List<SafetyFinding> out) {
    if (!Double.isFinite(twin.nowMin())) {
      out.add(new SafetyFinding(SafetyReason.NON_FINITE, "the twin's time is " + twin.nowMin()));
      return;
    }
    if (twin.lastMeasurementTimeMin().isEmpty()) {
      out.add(new SafetyFinding(SafetyReason.STALE_MEASUREMENT, "no measurement of " + p.output() + " was ever applied"));
      return;
    }
    double age = twin.nowMin() - twin.lastMeasurementTimeMin().getAsDouble();
    double maxAge = p.maxAgeMin(twin.sensorIntervalMin());
    // NaN age (non-finite last time) fails this test too, and so withholds.
    if (!(age <= maxAge)) {
      out.add(new SafetyFinding(SafetyReason.STALE_MEASUREMENT, maxAge < p.maxMeasurementAgeMin()
          ? "newest applied " + p.output() + " came from a sensor reporting every " + twin.sensorIntervalMin().getAsDouble()
              + " min and is " + age + " min old, more than the maximum " + maxAge + " min for a continuous sensor:"
              + " it has gone quiet or its readings are rejected; measure " + p.output()
          : "newest applied " + p.output() + " is " + age + " min old, more than the maximum " + maxAge + " min"));
    }
  }

  private static void checkPrediction(PredictedRange range, OutputPolicy p, List<SafetyFinding> out) {
    if (!Double.isFinite(range.min()) || !Double.isFinite(range.max())) {
      out.add(new SafetyFinding(SafetyReason.NON_FINITE, "predicted " + p.output() + " range [" + range.min() + ", "
          + range.max() + "] " + range.unit() + " is not finite"));
      return;
    }
    double lo;
    double hi;
    try {
      lo = Units.convert(range.min(), range.unit(), p.unit(), p.conversion());
      hi = Units.convert(range.max(), range.unit(), p.unit(), p.conversion());
    } catch (UnitException e) {
      out.add(new SafetyFinding(SafetyReason.UNIT_MISMATCH, "predicted " + p.output() + " in '" + range.unit()
          + "' cannot be compared with its plausible range in " + p.unit() + ": " + e.getMessage()));
      return;
    }
    if (lo < p.plausibleMin() || hi > p.plausibleMax()) {
      out.add(new SafetyFinding(SafetyReason.IMPLAUSIBLE_PREDICTION, "predicted " + p.output() + " [" + range.min()
          + ", " + range.max() + "] " + range.unit() + " leaves the plausible range [" + p.plausibleMin() + ", "
          + p.plausibleMax() + "] " + p.unit()));
    }
  }
}
