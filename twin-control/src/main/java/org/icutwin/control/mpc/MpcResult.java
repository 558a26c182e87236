package org.icutwin.control.mpc;

import java.util.List;
import org.icutwin.estimation.filter.Forecast;

/**
 * The controller's answer: a plan of rates over the horizon, the predicted output under it and
 * under "continue as now", the constraints that shaped it, and how the solve went.
 *
 * @param status how the optimisation ended; a FAILED result has no usable plan
 * @param plan rate of each move block (model units); plan[0] is the proposal for now
 * @param blockStartsMin start time of each block
 * @param underPlan predicted output with 90% intervals under the plan
 * @param continueAsNow predicted output with 90% intervals if the current rate is kept
 * @param active constraints that shaped the first move
 * @param iterations Gauss-Newton iterations used
 * @param solveMillis wall-clock time of the solve
 */
public record MpcResult(SolveStatus status, double[] plan, double[] blockStartsMin, List<Forecast.Point> underPlan,
    List<Forecast.Point> continueAsNow, List<ActiveConstraint> active, int iterations, double solveMillis) {

  public MpcResult {
    plan = plan.clone();
    blockStartsMin = blockStartsMin.clone();
    underPlan = List.copyOf(underPlan);
    continueAsNow = List.copyOf(continueAsNow);
    active = List.copyOf(active);
  }

  @Override
  public double[] plan() {
    return plan.clone();
  }

  @Override
  public double[] blockStartsMin() {
    return blockStartsMin.clone();
  }

  /** The rate proposed from now on (model units). */
  public double proposedRate() {
    return plan[0];
  }
}
