package org.icutwin.core.simulation;

/**
 * Advances an ODE system over an interval on which its right-hand side is smooth.
 *
 * <p>Callers split time at every discontinuity of the inputs (dose changes), so
 * implementations never see a jump inside an interval. Implementations may keep work buffers
 * and are then not thread-safe: each twin owns its own integrator.
 */
public interface OdeIntegrator {

  /** Replaces {@code x} = x(t0) by x(t1), for t1 ≥ t0. */
  void integrate(Rhs f, double t0, double t1, double[] x);
}
