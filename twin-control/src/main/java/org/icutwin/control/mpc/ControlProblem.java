package org.icutwin.control.mpc;

import org.icutwin.core.model.PhysiologicalModel;
import org.icutwin.core.simulation.DosingSchedule;
import org.icutwin.estimation.filter.StateEstimator;

/**
 * What the controller decides from: the twin's posterior now, the rates running, and the known
 * future of the inputs it does not control (e.g. the feed plan).
 *
 * @param model the twin's model
 * @param estimator the twin's estimator at time {@code estimator.timeMin()} (copied, never changed)
 * @param ratesNow all model rates running now (model units)
 * @param otherInputsPlan future events of the other inputs (rate changes, boluses); events of the
 *     controlled channel in it are ignored
 * @param previousPlan the last plan, to warm-start at the new block times (may be null)
 * @param nowMin the wall-clock time of the decision on the twin's clock; not before the estimator's
 *     time (the time of the newest data). The gap is predicted, so a silent sensor shows as old data.
 * @param cumulativeBudgets for each move k, the most drug the plan may deliver from now to the end of
 *     move k (rate unit × min), e.g. what a rolling 24-h cap leaves for the window ending there;
 *     null for no cumulative limit
 * @param beyondHorizon limits on the plan from windows that end after the horizon (the plan's last
 *     rate continued), e.g. the rolling 24-h cap; empty for none
 */
public record ControlProblem(PhysiologicalModel model, StateEstimator estimator, double[] ratesNow,
    DosingSchedule otherInputsPlan, Plan previousPlan, double nowMin, double[] cumulativeBudgets,
    java.util.List<CumulativeConstraint> beyondHorizon) {

  public ControlProblem {
    ratesNow = ratesNow.clone();
    cumulativeBudgets = cumulativeBudgets == null ? null : cumulativeBudgets.clone();
    beyondHorizon = java.util.List.copyOf(beyondHorizon);
    if (!(nowMin >= estimator.timeMin())) {
      throw new IllegalArgumentException("decision time " + nowMin + " min is before the twin's newest data at "
          + estimator.timeMin() + " min");
    }
  }

  /** A decision with budgets per move only. */
  public ControlProblem(PhysiologicalModel model, StateEstimator estimator, double[] ratesNow, DosingSchedule otherInputsPlan,
      Plan previousPlan, double nowMin, double[] cumulativeBudgets) {
    this(model, estimator, ratesNow, otherInputsPlan, previousPlan, nowMin, cumulativeBudgets, java.util.List.of());
  }

  /** A decision at the time of the newest data, with no cumulative limit. */
  public ControlProblem(PhysiologicalModel model, StateEstimator estimator, double[] ratesNow, DosingSchedule otherInputsPlan,
      Plan previousPlan) {
    this(model, estimator, ratesNow, otherInputsPlan, previousPlan, estimator.timeMin(), null);
  }

  /** A decision at {@code nowMin}, with no cumulative limit. */
  public ControlProblem(PhysiologicalModel model, StateEstimator estimator, double[] ratesNow, DosingSchedule otherInputsPlan,
      Plan previousPlan, double nowMin) {
    this(model, estimator, ratesNow, otherInputsPlan, previousPlan, nowMin, null);
  }

  /** This problem with cumulative budgets per move (negative ones count as 0). */
  public ControlProblem withCumulativeBudgets(double[] budgets) {
    double[] b = budgets.clone();
    for (int k = 0; k < b.length; k++) {
      b[k] = Math.max(0, b[k]);
    }
    return new ControlProblem(model, estimator, ratesNow, otherInputsPlan, previousPlan, nowMin, b, beyondHorizon);
  }

  /** This problem with limits from windows ending after the horizon. */
  public ControlProblem withBeyondHorizon(java.util.List<CumulativeConstraint> constraints) {
    return new ControlProblem(model, estimator, ratesNow, otherInputsPlan, previousPlan, nowMin, cumulativeBudgets,
        constraints);
  }

  @Override
  public double[] cumulativeBudgets() {
    return cumulativeBudgets == null ? null : cumulativeBudgets.clone();
  }

  /** This problem with the posterior predicted (on a copy) from the newest data to {@link #nowMin}. */
  public ControlProblem atNow() {
    if (estimator.timeMin() == nowMin) {
      return this;
    }
    StateEstimator advanced = estimator.copy();
    advanced.predict(nowMin, ratesNow);
    return new ControlProblem(model, advanced, ratesNow, otherInputsPlan, previousPlan, nowMin, cumulativeBudgets,
        beyondHorizon);
  }

  @Override
  public double[] ratesNow() {
    return ratesNow.clone();
  }

}
