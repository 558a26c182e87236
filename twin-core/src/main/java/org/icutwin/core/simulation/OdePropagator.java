package org.icutwin.core.simulation;

import org.icutwin.core.model.PhysiologicalModel;

/** Propagates any model with an {@link OdeIntegrator}; owns the integrator, hence not thread-safe. */
public final class OdePropagator implements Propagator {
  private final OdeIntegrator integrator;

  public OdePropagator(OdeIntegrator integrator) {
    this.integrator = integrator;
  }

  public static OdePropagator rk4(double maxStepMin) {
    return new OdePropagator(new Rk4Integrator(maxStepMin));
  }

  public static OdePropagator dormandPrince(double absTol, double relTol) {
    return new OdePropagator(new DormandPrinceIntegrator(absTol, relTol, 60.0));
  }

  /** Uses the model's own RK4 kernel when it has one and this propagator is RK4 (same steps, faster). */
  @Override
  public void propagate(PhysiologicalModel model, double[] theta, double[] u, double t0, double t1, double[] x) {
    if (integrator instanceof Rk4Integrator rk4 && model instanceof Rk4Specialised fast) {
      Intervals.requireForward(t0, t1);
      if (t1 > t0) {
        fast.propagateRk4(theta, u, t0, t1, rk4.maxStep(), x);
      }
      return;
    }
    integrator.integrate((t, s, d) -> model.derivative(t, s, u, theta, d), t0, t1, x);
  }
}
