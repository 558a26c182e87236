package org.icutwin.estimation.identifiability;

import org.icutwin.core.model.NoiseModel;

/**
 * Output sensitivities and the Fisher information matrix F = Sᵀ·W·S, W = diag(1/σ_j²), of
 * independent Gaussian samples y_j = y(θ, t_j) + ε_j (Bates and Watts 1988, Nonlinear Regression
 * Analysis, ch. 2). F⁻¹ is the Cramér-Rao bound on Cov(θ̂) in the chosen {@link ParameterScale}.
 *
 * <p>S_jk = ∂y(t_j)/∂θ_k by central differences: θ_k·e^{±h} on the log scale (S_jk in y's unit
 * per unit of log θ), θ_k ± h·|θ_k| (h if θ_k = 0) on the natural scale. Default h = 1e-5: the
 * truncation error (h²·y‴/6) is about 1e-10 relative, the round-off ε/h about 1e-11.
 */
public final class FisherInformation {
  /** Default relative central-difference step. */
  public static final double DEFAULT_STEP = 1e-5;

  private FisherInformation() {}

  /** S[j][k] = ∂y(θ, t_j)/∂θ_k (or ∂/∂log θ_k). */
  public static double[][] sensitivities(ParametricOutput output, double[] theta, double[] timesMin,
      ParameterScale scale, double step) {
    int p = output.parameterNames().size();
    if (theta.length != p) {
      throw new IllegalArgumentException(
          "output has parameters " + output.parameterNames() + ", θ has " + theta.length);
    }
    if (!(step > 0 && step < 0.1)) {
      throw new IllegalArgumentException("finite-difference step must be in (0, 0.1), was " + step);
    }
    double[][] s = new double[timesMin.length][p];
    for (int k = 0; k < p; k++) {
      double[] up = theta.clone();
      double[] down = theta.clone();
      double width;
      if (scale == ParameterScale.LOG) {
        if (!(theta[k] > 0)) {
          throw new IllegalArgumentException("log-scale sensitivity needs " + output.parameterNames().get(k)
              + " > 0, was " + theta[k]);
        }
        up[k] = theta[k] * Math.exp(step);
        down[k] = theta[k] * Math.exp(-step);
        width = 2 * step;
      } else {
        double d = theta[k] == 0 ? step : step * Math.abs(theta[k]);
        up[k] = theta[k] + d;
        down[k] = theta[k] - d;
        width = up[k] - down[k]; // the representable step, not the intended one
      }
      double[] yUp = output.evaluate(up, timesMin);
      double[] yDown = output.evaluate(down, timesMin);
      for (int j = 0; j < timesMin.length; j++) {
        s[j][k] = (yUp[j] - yDown[j]) / width;
      }
    }
    return s;
  }

  /** F = Σ_j s_j·s_jᵀ/σ_j² from sensitivities and per-sample standard deviations. */
  public static double[][] fromSensitivities(double[][] s, double[] sd) {
    if (s.length != sd.length) {
      throw new IllegalArgumentException(s.length + " sensitivity rows but " + sd.length + " standard deviations");
    }
    int p = s.length == 0 ? 0 : s[0].length;
    double[][] f = new double[p][p];
    for (int j = 0; j < s.length; j++) {
      if (!(sd[j] > 0) || Double.isInfinite(sd[j])) {
        throw new IllegalArgumentException(
            "standard deviation of sample " + j + " must be finite and > 0, was " + sd[j]);
      }
      double w = 1.0 / (sd[j] * sd[j]);
      for (int a = 0; a < p; a++) {
        for (int b = 0; b < p; b++) {
          f[a][b] += w * s[j][a] * s[j][b];
        }
      }
    }
    return f;
  }

  /**
   * F for samples at {@code timesMin} whose error follows {@code noise} at the predicted y(θ, t_j)
   * (the usual design convention: σ at the prediction, not at a future measured value).
   */
  public static double[][] of(ParametricOutput output, double[] theta, double[] timesMin, NoiseModel noise,
      ParameterScale scale) {
    double[] y = output.evaluate(theta, timesMin);
    double[] sd = new double[y.length];
    for (int j = 0; j < y.length; j++) {
      sd[j] = noise.standardDeviation(y[j]);
    }
    return fromSensitivities(sensitivities(output, theta, timesMin, scale, DEFAULT_STEP), sd);
  }
}
