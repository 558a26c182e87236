package org.icutwin.estimation.map;

import java.util.List;
import org.icutwin.estimation.Observation;

/**
 * The penalised residual vector r(η) = [r_obs; η/ω] of a MAP fit and its Jacobian in η, with the
 * observations' standard deviations held fixed (one weighting pass of generalised least squares).
 *
 * <p>Measured value: r = (y − h)/sd. Below LOQ: r = √(−2 log Φ((LOQ − h)/sd)) (M3). ½·Σr² is
 * then the negative log posterior up to constants and log σ terms. Sensitivities ∂h/∂η are
 * central differences with step {@code etaStep}; the chain rule through r is analytic.
 */
final class PenalisedResiduals {
  /** Predictions use η clamped to ±CLAMP_OMEGAS·ω: it keeps exp(η) finite on wild trial steps. */
  static final double CLAMP_OMEGAS = 10.0;

  private final Predictor predictor;
  private final List<Observation> observations;
  private final double[] typicalTheta;
  private final int[] index; // model index of estimated parameter k
  private final double[] omega;
  private final double step;
  private double[] sd;

  PenalisedResiduals(Predictor predictor, List<Observation> observations, double[] typicalTheta, int[] index,
      double[] omega, double etaStep) {
    this.predictor = predictor;
    this.observations = observations;
    this.typicalTheta = typicalTheta.clone();
    this.index = index.clone();
    this.omega = omega.clone();
    this.step = etaStep;
  }

  int size() {
    return observations.size() + index.length;
  }

  /** θ for η: typical·exp(clamped η) at the estimated indices, typical elsewhere. */
  double[] theta(double[] eta) {
    double[] theta = typicalTheta.clone();
    for (int k = 0; k < index.length; k++) {
      double bound = CLAMP_OMEGAS * omega[k];
      theta[index[k]] = typicalTheta[index[k]] * Math.exp(Math.max(-bound, Math.min(bound, eta[k])));
    }
    return theta;
  }

  double[] predict(double[] eta) {
    return predictor.predict(theta(eta));
  }

  /**
   * Fixes each observation's sd at the prediction {@code h}. A zero prediction with proportional
   * noise would give sd = 0, so sd is floored at 1% of the observed value (1e-12 if that is 0).
   */
  void weightAt(double[] h) {
    sd = new double[h.length];
    for (int i = 0; i < h.length; i++) {
      Observation o = observations.get(i);
      double floor = Math.max(0.01 * Math.abs(o.value()), 1e-12);
      sd[i] = Math.max(o.noise().standardDeviation(h[i]), floor);
    }
  }

  double[] residuals(double[] eta) {
    return residuals(eta, predict(eta));
  }

  private double[] residuals(double[] eta, double[] h) {
    int n = observations.size();
    double[] r = new double[size()];
    for (int i = 0; i < n; i++) {
      Observation o = observations.get(i);
      r[i] = o.kind() == Observation.Kind.BELOW_LOQ
          ? CensoredResidual.residual((o.value() - h[i]) / sd[i])
          : (o.value() - h[i]) / sd[i];
    }
    for (int k = 0; k < index.length; k++) {
      r[n + k] = eta[k] / omega[k];
    }
    return r;
  }

  /** J = ∂r/∂η, size() × (number of estimated parameters). */
  double[][] jacobian(double[] eta) {
    int n = observations.size();
    int p = index.length;
    double[] h = predict(eta);
    double[][] j = new double[size()][p];
    for (int k = 0; k < p; k++) {
      double[] up = eta.clone();
      double[] down = eta.clone();
      up[k] += step;
      down[k] -= step;
      double[] hUp = predict(up);
      double[] hDown = predict(down);
      for (int i = 0; i < n; i++) {
        double dh = (hUp[i] - hDown[i]) / (2 * step);
        Observation o = observations.get(i);
        double dr = -dh / sd[i];
        if (o.kind() == Observation.Kind.BELOW_LOQ) {
          dr *= CensoredResidual.derivative((o.value() - h[i]) / sd[i]);
        }
        j[i][k] = dr;
      }
      j[n + k][k] = 1.0 / omega[k];
    }
    return j;
  }
}
