package org.icutwin.control.mpc;

/** How the optimisation ended. Anything but CONVERGED or ITERATION_LIMIT is a reason to withhold. */
public enum SolveStatus {
  /**
   * The Gauss-Newton step became negligible (with {@link MpcConfig#stopWhenFirstMoveSettles}: the
   * step of the first move, the one given).
   */
  CONVERGED,
  /** The configured iterations were used (normal for real-time iteration). */
  ITERATION_LIMIT,
  /** The time budget ran out; the plan is the last feasible one. */
  TIME_LIMIT,
  /** The QP failed or a prediction was not finite: no plan. */
  FAILED
}
