package org.icutwin.core.simulation;

/**
 * A model that provides its own classical RK4 kernel, taking exactly the steps of
 * {@link Rk4Integrator} (⌈(t1 − t0)/h⌉ equal steps, the same stage formulas) with its
 * parameters and inputs held in local variables instead of arrays.
 *
 * <p>Purely a speed path for the estimators' sigma-point propagation; results agree with the
 * generic {@code Rk4Integrator} on {@code derivative} to rounding (tested per model).
 */
public interface Rk4Specialised {

  /** Replaces {@code x} = x(t0) by its RK4 approximation of x(t1), constant rates {@code u}. */
  void propagateRk4(double[] theta, double[] u, double t0, double t1, double maxStep, double[] x);

  /** The step count {@link Rk4Integrator} uses for an interval, shared so both paths agree. */
  static int steps(double t0, double t1, double maxStep) {
    return Math.max((int) Math.ceil((t1 - t0) / maxStep - 1e-9), 1);
  }
}
