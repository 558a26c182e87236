package org.icutwin.control.safety;

/** How the optimiser that produced a proposal finished. */
public enum SolverStatus {
  /** Converged within its tolerances and time budget. */
  CONVERGED,
  /** Stopped without a solution (infeasible, diverged, numerical failure). */
  FAILED,
  /** Ran out of its time budget; the iterate is not trusted. */
  TIMED_OUT,
  /** The proposal came from a rule, not an optimiser. */
  NOT_USED
}
