package org.icutwin.core.simulation;

/**
 * Classical fourth-order Runge-Kutta with a fixed maximum step, on primitive arrays.
 *
 * <p>The estimators' hot path: an interval [t0, t1] is split into ⌈(t1 − t0)/h⌉ equal steps.
 * Global error O(h⁴) (Hairer, Nørsett, Wanner, Solving ODEs I, §II.1). Keeps its work buffers:
 * not thread-safe, one instance per owner.
 */
public final class Rk4Integrator implements OdeIntegrator {
  private final double maxStep;
  private double[] k1 = new double[0];
  private double[] k2;
  private double[] k3;
  private double[] k4;
  private double[] tmp;

  /** @param maxStep largest step, in the model's time unit (minutes), finite and positive */
  public Rk4Integrator(double maxStep) {
    if (!(maxStep > 0) || Double.isInfinite(maxStep)) {
      throw new IllegalArgumentException("RK4 step must be finite and > 0, was " + maxStep);
    }
    this.maxStep = maxStep;
  }

  public double maxStep() {
    return maxStep;
  }

  @Override
  public void integrate(Rhs f, double t0, double t1, double[] x) {
    Intervals.requireForward(t0, t1);
    if (t1 == t0) {
      return;
    }
    int n = x.length;
    if (k1.length != n) {
      k1 = new double[n];
      k2 = new double[n];
      k3 = new double[n];
      k4 = new double[n];
      tmp = new double[n];
    }
    int steps = Rk4Specialised.steps(t0, t1, maxStep);
    double h = (t1 - t0) / steps;
    double half = 0.5 * h;
    for (int s = 0; s < steps; s++) {
      double t = t0 + s * h;
      f.derivative(t, x, k1);
      for (int i = 0; i < n; i++) {
        tmp[i] = x[i] + half * k1[i];
      }
      f.derivative(t + half, tmp, k2);
      for (int i = 0; i < n; i++) {
        tmp[i] = x[i] + half * k2[i];
      }
      f.derivative(t + half, tmp, k3);
      for (int i = 0; i < n; i++) {
        tmp[i] = x[i] + h * k3[i];
      }
      f.derivative(t + h, tmp, k4);
      double sixth = h / 6.0;
      for (int i = 0; i < n; i++) {
        x[i] += sixth * (k1[i] + 2.0 * (k2[i] + k3[i]) + k4[i]);
      }
    }
  }
}
