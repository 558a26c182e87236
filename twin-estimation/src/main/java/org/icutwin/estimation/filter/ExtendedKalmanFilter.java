package org.icutwin.estimation.filter;

import java.util.function.Supplier;
import org.icutwin.core.simulation.Propagator;
import org.icutwin.estimation.Observation;

/**
 * Extended Kalman filter over any twin-core model on the augmented, scaled state.
 *
 * <p>Predict: the mean is propagated through the model; the discrete-time Jacobian
 * F = ∂z(t1)/∂z(t0) is taken by forward finite differences of the propagation (step 1e-6 in
 * scaled coordinates, where magnitudes are of order one), and P ← F·P·Fᵀ + Q·Δt. Update
 * (scalar measurement): H by central differences of h, S = H·P·Hᵀ + R(ŷ), K = P·Hᵀ/S, and the
 * Joseph form P ← (I − K·H)·P·(I − K·H)ᵀ + K·R·Kᵀ, which stays symmetric positive
 * semi-definite under round-off (Bucy and Joseph 1968). Not thread-safe: one per twin.
 */
public final class ExtendedKalmanFilter extends AugmentedFilter {
  private static final double FD_STEP = 1e-6;
  private final double[] x;
  private final double[] theta;

  public ExtendedKalmanFilter(EstimationSetup setup, Supplier<Propagator> propagators) {
    super(setup, propagators);
    this.x = new double[model.stateDimension()];
    this.theta = space.newTheta();
  }

  private ExtendedKalmanFilter(ExtendedKalmanFilter other) {
    super(other);
    this.x = new double[model.stateDimension()];
    this.theta = space.newTheta();
  }

  @Override
  public void predict(double toTimeMin, double[] rates) {
    requireForward(toTimeMin);
    requireRates(rates);
    double dt = toTimeMin - time;
    if (dt == 0) {
      return;
    }
    double t0 = time;
    double[][] f = jacobian(z -> propagatePoint(z, rates, t0, toTimeMin, x, theta));
    propagatePoint(mean, rates, t0, toTimeMin, x, theta);
    cov = sandwich(f, cov);
    addProcessNoise(dt);
    symmetrise();
    time = toTimeMin;
  }

  @Override
  public void applyBolus(int channel, double amount) {
    double[][] j = jacobian(z -> bolusPoint(z, channel, amount, x, theta));
    bolusPoint(mean, channel, amount, x, theta);
    cov = sandwich(j, cov);
    symmetrise();
  }

  /** Forward-difference Jacobian of an in-place map of augmented points, at the mean. */
  private double[][] jacobian(java.util.function.Consumer<double[]> map) {
    double[] base = mean.clone();
    space.clip(base);
    double[] fBase = base.clone();
    map.accept(fBase);
    double[][] jac = new double[dim][dim];
    for (int j = 0; j < dim; j++) {
      double[] z = base.clone();
      double h = FD_STEP * Math.max(1.0, Math.abs(z[j]));
      z[j] += h;
      map.accept(z);
      for (int i = 0; i < dim; i++) {
        jac[i][j] = (z[i] - fBase[i]) / h;
      }
    }
    return jac;
  }

  private double[] measurementGradient(int k) {
    double[] grad = new double[dim];
    for (int j = 0; j < dim; j++) {
      double h = FD_STEP * Math.max(1.0, Math.abs(mean[j]));
      double[] zp = mean.clone();
      double[] zm = mean.clone();
      zp[j] += h;
      zm[j] -= h;
      grad[j] = (measurePoint(zp, k, x, theta) - measurePoint(zm, k, x, theta)) / (2 * h);
    }
    return grad;
  }

  @Override
  public double[] predictMeasurement(int k) {
    double[] h = measurementGradient(k);
    return new double[] {measurePoint(mean, k, x, theta), quadratic(h, cov)};
  }

  @Override
  public UpdateOutcome update(Observation obs, double nisGate) {
    int k = model.measurementIndex(obs.measurement());
    double yHat = measurePoint(mean, k, x, theta);
    double[] h = measurementGradient(k);
    double[] vn = valueAndNoise(obs, yHat);
    double r = vn[1];
    double s = quadratic(h, cov) + r;
    double nu = vn[0] - yHat;
    double nis = nu * nu / s;
    if (!(nis <= nisGate)) {
      return new UpdateOutcome(obs, yHat, nu, s, nis, false);
    }
    double[] ph = new double[dim];
    for (int i = 0; i < dim; i++) {
      for (int j = 0; j < dim; j++) {
        ph[i] += cov[i][j] * h[j];
      }
    }
    double[] gain = new double[dim];
    for (int i = 0; i < dim; i++) {
      gain[i] = ph[i] / s;
      mean[i] += gain[i] * nu;
    }
    // Joseph form: (I − K·H)·P·(I − K·H)ᵀ + K·R·Kᵀ.
    double[][] a = new double[dim][dim];
    for (int i = 0; i < dim; i++) {
      for (int j = 0; j < dim; j++) {
        a[i][j] = (i == j ? 1.0 : 0.0) - gain[i] * h[j];
      }
    }
    cov = sandwich(a, cov);
    for (int i = 0; i < dim; i++) {
      for (int j = 0; j < dim; j++) {
        cov[i][j] += gain[i] * r * gain[j];
      }
    }
    symmetrise();
    space.clip(mean);
    return new UpdateOutcome(obs, yHat, nu, s, nis, true);
  }

  /** A·P·Aᵀ. */
  private static double[][] sandwich(double[][] a, double[][] p) {
    int n = p.length;
    double[][] ap = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < n; k++) {
        double aik = a[i][k];
        if (aik != 0) {
          for (int j = 0; j < n; j++) {
            ap[i][j] += aik * p[k][j];
          }
        }
      }
    }
    double[][] out = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int k = 0; k < n; k++) {
          s += ap[i][k] * a[j][k];
        }
        out[i][j] = s;
      }
    }
    return out;
  }

  /** hᵀ·P·h. */
  private static double quadratic(double[] h, double[][] p) {
    double s = 0;
    for (int i = 0; i < h.length; i++) {
      for (int j = 0; j < h.length; j++) {
        s += h[i] * p[i][j] * h[j];
      }
    }
    return s;
  }

  @Override
  public ExtendedKalmanFilter copy() {
    return new ExtendedKalmanFilter(this);
  }
}
