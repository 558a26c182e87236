package org.icutwin.core.simulation;

import org.apache.commons.math3.ode.FirstOrderDifferentialEquations;
import org.apache.commons.math3.ode.nonstiff.DormandPrince54Integrator;

/**
 * Adaptive Dormand-Prince 5(4) from Apache Commons Math, for simulation and verification.
 *
 * <p>Error per step is controlled to absTol + relTol·|x| (Dormand and Prince 1980, J Comput
 * Appl Math 6:19). The Commons Math engine is mutable, so each instance owns its own.
 */
public final class DormandPrinceIntegrator implements OdeIntegrator {
  private final DormandPrince54Integrator engine;
  private final double initialStep;

  /**
   * @param absTol absolute tolerance per component
   * @param relTol relative tolerance
   * @param maxStep largest step (minutes)
   */
  public DormandPrinceIntegrator(double absTol, double relTol, double maxStep) {
    this(new DormandPrince54Integrator(1e-12, maxStep, absTol, relTol), Double.NaN);
  }

  private DormandPrinceIntegrator(DormandPrince54Integrator engine, double initialStep) {
    this.engine = engine;
    this.initialStep = initialStep;
  }

  /** Tight tolerances for reference solutions in tests and verification. */
  public static DormandPrinceIntegrator reference() {
    return new DormandPrinceIntegrator(1e-12, 1e-12, 60.0);
  }

  /**
   * The Dormand-Prince tableau with a fixed step h (error control disabled): the fifth-order
   * solution, used to verify the method's order.
   */
  public static DormandPrinceIntegrator fixedStep(double h) {
    var engine = new DormandPrince54Integrator(h, h, 1e30, 1e30);
    return new DormandPrinceIntegrator(engine, h);
  }

  @Override
  public void integrate(Rhs f, double t0, double t1, double[] x) {
    Intervals.requireForward(t0, t1);
    if (t1 == t0) {
      return;
    }
    int n = x.length;
    FirstOrderDifferentialEquations ode = new FirstOrderDifferentialEquations() {
      @Override
      public int getDimension() {
        return n;
      }

      @Override
      public void computeDerivatives(double t, double[] y, double[] yDot) {
        f.derivative(t, y, yDot);
      }
    };
    if (!Double.isNaN(initialStep)) {
      engine.setInitialStepSize(initialStep);
    }
    engine.integrate(ode, t0, x.clone(), t1, x);
  }
}
