package org.icutwin.core.simulation;

/** The right-hand side of an ODE system dx/dt = f(t, x), written into {@code dxdt}. */
@FunctionalInterface
public interface Rhs {
  void derivative(double t, double[] x, double[] dxdt);
}
