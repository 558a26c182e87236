package org.icutwin.estimation.filter;

import java.util.function.Supplier;
import org.icutwin.core.simulation.Propagator;
import org.icutwin.estimation.Observation;

/**
 * Unscented Kalman filter over any twin-core model on the augmented, scaled state (Julier and
 * Uhlmann 1997; Wan and van der Merwe 2000, additive-noise form).
 *
 * <p>Predict: sigma points of (m, P) are projected onto the physical bounds, each propagated
 * through the model with its own log-parameters, recombined, and Q·Δt added. Update (scalar
 * measurement): sigma points are re-drawn from the predicted (m, P), ŷ = Σ Wm·h(χ),
 * S = Σ Wc·(h(χ) − ŷ)² + R(ŷ), K = P_zy/S, m += K·ν, P −= K·S·Kᵀ, then P is symmetrised and
 * the mean's states projected onto their bounds. Not thread-safe: one per twin.
 *
 * <p>Linear readouts: when the model declares that the measurement reads one state through a
 * fixed factor (glucose = G; a concentration A1/V1 with V1 not estimated), the unscented transform
 * of the re-drawn points is exact, ŷ = c·m_i, P_yy = c²·P_ii, P_zy = c·P_{:,i}, and the update
 * computes these moments directly instead of drawing the points (same result to round-off;
 * {@code UnscentedLinearReadoutTest} compares the two paths).
 */
public final class UnscentedKalmanFilter extends AugmentedFilter {
  private final double alpha;
  private final double beta;
  private final double kappa;
  private final SigmaPoints sigma;
  private final double[] x;
  private final double[] theta;
  private final double[] y;

  /** α = 1, β = 2, κ = 0: sigma points at ±√N standard deviations, all weights positive. */
  public UnscentedKalmanFilter(EstimationSetup setup, Supplier<Propagator> propagators) {
    this(setup, propagators, 1.0, 2.0, 0.0);
  }

  public UnscentedKalmanFilter(EstimationSetup setup, Supplier<Propagator> propagators, double alpha, double beta, double kappa) {
    super(setup, propagators);
    this.alpha = alpha;
    this.beta = beta;
    this.kappa = kappa;
    this.sigma = new SigmaPoints(dim, alpha, beta, kappa);
    this.x = new double[model.stateDimension()];
    this.theta = space.newTheta();
    this.y = new double[sigma.count];
  }

  private UnscentedKalmanFilter(UnscentedKalmanFilter other) {
    super(other);
    this.alpha = other.alpha;
    this.beta = other.beta;
    this.kappa = other.kappa;
    this.sigma = new SigmaPoints(dim, alpha, beta, kappa);
    this.x = new double[model.stateDimension()];
    this.theta = space.newTheta();
    this.y = new double[sigma.count];
  }

  @Override
  public void predict(double toTimeMin, double[] rates) {
    requireForward(toTimeMin);
    requireRates(rates);
    double dt = toTimeMin - time;
    if (dt == 0) {
      return;
    }
    sigma.draw(mean, cov);
    for (double[] z : sigma.points) {
      propagatePoint(z, rates, time, toTimeMin, x, theta);
    }
    sigma.mean(mean);
    sigma.covariance(mean, cov);
    addProcessNoise(dt);
    time = toTimeMin;
  }

  @Override
  public void applyBolus(int channel, double amount) {
    sigma.draw(mean, cov);
    for (double[] z : sigma.points) {
      bolusPoint(z, channel, amount, x, theta);
    }
    sigma.mean(mean);
    sigma.covariance(mean, cov);
  }

  @Override
  public double[] predictMeasurement(int k) {
    int i = space.readoutCoordinate(k);
    if (i >= 0) {
      double c = space.readoutFactor(k);
      return new double[] {c * mean[i], Math.max(c * c * cov[i][i], 0)};
    }
    sigma.draw(mean, cov);
    return measurementMoments(k);
  }

  private double[] measurementMoments(int k) {
    double yHat = 0;
    for (int p = 0; p < sigma.count; p++) {
      y[p] = measurePoint(sigma.points[p], k, x, theta);
      yHat += sigma.wm[p] * y[p];
    }
    double pyy = 0;
    for (int p = 0; p < sigma.count; p++) {
      double d = y[p] - yHat;
      pyy += sigma.wc[p] * d * d;
    }
    return new double[] {yHat, Math.max(pyy, 0)};
  }

  @Override
  public UpdateOutcome update(Observation obs, double nisGate) {
    int k = model.measurementIndex(obs.measurement());
    int readout = space.readoutCoordinate(k);
    double[] moments;
    if (readout >= 0) {
      moments = predictMeasurement(k);
    } else {
      sigma.draw(mean, cov);
      moments = measurementMoments(k);
    }
    double yHat = moments[0];
    double[] vn = valueAndNoise(obs, yHat);
    double s = moments[1] + vn[1];
    double nu = vn[0] - yHat;
    double nis = nu * nu / s;
    if (!(nis <= nisGate)) {
      return new UpdateOutcome(obs, yHat, nu, s, nis, false);
    }
    double[] pzy = new double[dim];
    if (readout >= 0) {
      double c = space.readoutFactor(k);
      for (int i = 0; i < dim; i++) {
        pzy[i] = c * cov[i][readout];
      }
    } else {
      for (int p = 0; p < sigma.count; p++) {
        double w = sigma.wc[p] * (y[p] - yHat);
        double[] z = sigma.points[p];
        for (int i = 0; i < dim; i++) {
          pzy[i] += w * (z[i] - mean[i]);
        }
      }
    }
    for (int i = 0; i < dim; i++) {
      double ki = pzy[i] / s;
      mean[i] += ki * nu;
      for (int j = 0; j < dim; j++) {
        cov[i][j] -= ki * pzy[j];
      }
    }
    symmetrise();
    space.clip(mean);
    return new UpdateOutcome(obs, yHat, nu, s, nis, true);
  }

  @Override
  public UnscentedKalmanFilter copy() {
    return new UnscentedKalmanFilter(this);
  }
}
