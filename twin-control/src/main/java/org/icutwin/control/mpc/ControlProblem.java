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
 * @param previousPlan the last plan's moves, to warm-start (may be null)
 */
public record ControlProblem(PhysiologicalModel model, StateEstimator estimator, double[] ratesNow,
    DosingSchedule otherInputsPlan, double[] previousPlan) {

  public ControlProblem {
    ratesNow = ratesNow.clone();
    previousPlan = previousPlan == null ? null : previousPlan.clone();
  }

  @Override
  public double[] ratesNow() {
    return ratesNow.clone();
  }

  public double nowMin() {
    return estimator.timeMin();
  }
}
