package org.icutwin.core.simulation;

import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.icutwin.core.catalog.LinearPkStructure;
import org.icutwin.core.catalog.MammillaryPkModel;
import org.icutwin.core.model.PhysiologicalModel;

/**
 * Exact propagation of linear mammillary PK (with optional effect site) under a constant
 * infusion, by eigen-decomposition.
 *
 * <p>With S = diag(√V_i), the amounts' system matrix M is similar to the symmetric
 * K = S⁻¹MS (K_11 = −(CL+ΣQ_j)/V1, K_1j = K_j1 = Q_j/√(V1·V_j), K_jj = −Q_j/V_j), so its
 * eigenvalues λ are real and negative and its eigenvectors orthonormal. In modal coordinates
 * q = Vᵀ S⁻¹ A, q_j(h) = q_j(0)·e^{λ_j h} + β_j·(e^{λ_j h} − 1)/λ_j with β = Vᵀ S⁻¹ b. The
 * effect site Ce' = ke0·(C1 − Ce) is then integrated in closed form against the sum of
 * exponentials C1(s). The decomposition is cached for the last θ, so a twin propagating one
 * parameter set pays for it once. Not thread-safe (the cache).
 */
public final class LinearPkExactPropagator implements Propagator {
  private double[] cachedTheta = new double[0];
  private double[] lambda;
  private double[][] vec; // vec[i][j]: component i of eigenvector j
  private double[] sqrtV;
  private double[] q0;
  private double[] beta;
  private double[] qh;
  private double[][] k;
  private boolean cacheValid;

  @Override
  public void propagate(PhysiologicalModel model, double[] theta, double[] u, double t0, double t1, double[] x) {
    if (!(model instanceof LinearPkStructure linear)) {
      throw new IllegalArgumentException("model " + model.id() + " is not linear mammillary PK; use an ODE propagator");
    }
    Intervals.requireForward(t0, t1);
    double h = t1 - t0;
    if (h == 0) {
      return;
    }
    MammillaryPkModel pk = linear.pk();
    int n = pk.compartments();
    decompose(pk, theta, n);
    double rate = u[0];
    for (int j = 0; j < n; j++) {
      double s = 0;
      for (int i = 0; i < n; i++) {
        s += vec[i][j] * x[i] / sqrtV[i];
      }
      q0[j] = s;
      beta[j] = vec[0][j] * rate / sqrtV[0];
    }
    double ce = pk.hasEffectSite() ? effectSite(pk.ke0(theta), h, x[n], n) : Double.NaN;
    for (int j = 0; j < n; j++) {
      double l = lambda[j];
      qh[j] = q0[j] * Math.exp(l * h) + beta[j] * Math.expm1(l * h) / l;
    }
    for (int i = 0; i < n; i++) {
      double y = 0;
      for (int j = 0; j < n; j++) {
        y += vec[i][j] * qh[j];
      }
      x[i] = sqrtV[i] * y;
    }
    if (pk.hasEffectSite()) {
      x[n] = ce;
    }
  }

  /** Ce(h) = Ce0·e^{−kh} + c_ss·(1 − e^{−kh}) + Σ_j c_j·k·(e^{λ_j h} − e^{−kh})/(λ_j + k). */
  private double effectSite(double k, double h, double ce0, int n) {
    double ekh = Math.exp(-k * h);
    double result = ce0 * ekh;
    double css = 0;
    for (int j = 0; j < n; j++) {
      css += vec[0][j] * (-beta[j] / lambda[j]);
    }
    css /= sqrtV[0];
    result += css * -Math.expm1(-k * h);
    for (int j = 0; j < n; j++) {
      double qss = -beta[j] / lambda[j];
      double cj = vec[0][j] * (q0[j] - qss) / sqrtV[0];
      double d = lambda[j] + k;
      // (e^{λh} − e^{−kh})/(λ + k) = e^{−kh}·expm1(d·h)/d, → h·e^{−kh} as d → 0.
      double g = Math.abs(d * h) < 1e-12 ? h * ekh : ekh * Math.expm1(d * h) / d;
      result += cj * k * g;
    }
    return result;
  }

  /**
   * The two-compartment macro constants in closed form (Gibaldi and Perrier, ch. 2): for the
   * symmetric K = [[a, b], [b, d]], λ = (a + d)/2 ± √(((a − d)/2)² + b²), with eigenvectors
   * (b, λ − a) normalised; b = Q/√(V1·V2) > 0 whenever the compartments exchange drug.
   */
  private void twoCompartmentModes(double a, double b, double d) {
    double mean = 0.5 * (a + d);
    double radius = Math.hypot(0.5 * (a - d), b);
    lambda[0] = mean - radius;
    lambda[1] = mean + radius;
    for (int j = 0; j < 2; j++) {
      double x = b;
      double y = lambda[j] - a;
      if (b == 0) {
        x = j == 0 ? (a <= d ? 1 : 0) : (a <= d ? 0 : 1);
        y = 1 - x;
      }
      double norm = Math.hypot(x, y);
      vec[0][j] = x / norm;
      vec[1][j] = y / norm;
    }
  }

  private void decompose(MammillaryPkModel pk, double[] theta, int n) {
    int p = 2 * n;
    if (cacheValid && cachedTheta.length == p && Arrays.equals(cachedTheta, 0, p, theta, 0, p)) {
      return;
    }
    cacheValid = false; // until this decomposition has succeeded
    if (sqrtV == null || sqrtV.length != n) {
      // Work arrays are sized once per compartment count: a twin's sigma points each have their own
      // θ, so the decomposition is redone for nearly every point and must not allocate.
      sqrtV = new double[n];
      k = new double[n][n];
      lambda = new double[n];
      vec = new double[n][n];
      q0 = new double[n];
      beta = new double[n];
      qh = new double[n];
      cachedTheta = new double[p];
    }
    for (int i = 0; i < n; i++) {
      sqrtV[i] = Math.sqrt(pk.volume(theta, i + 1));
    }
    double v1 = pk.volume(theta, 1);
    for (double[] row : k) {
      Arrays.fill(row, 0.0);
    }
    k[0][0] = -pk.clearance(theta) / v1;
    for (int j = 2; j <= n; j++) {
      double q = pk.interCompartmentalClearance(theta, j);
      k[0][0] -= q / v1;
      k[0][j - 1] = q / (sqrtV[0] * sqrtV[j - 1]);
      k[j - 1][0] = k[0][j - 1];
      k[j - 1][j - 1] = -q / pk.volume(theta, j);
    }
    if (n == 1) {
      lambda[0] = k[0][0];
      vec[0][0] = 1.0;
    } else if (n == 2) {
      twoCompartmentModes(k[0][0], k[0][1], k[1][1]);
    } else {
      RealMatrix km = new Array2DRowRealMatrix(k, false);
      EigenDecomposition eig = new EigenDecomposition(km);
      for (int j = 0; j < n; j++) {
        lambda[j] = eig.getRealEigenvalue(j);
        double[] v = eig.getEigenvector(j).toArray();
        for (int i = 0; i < n; i++) {
          vec[i][j] = v[i];
        }
      }
    }
    for (int j = 0; j < n; j++) {
      double l = lambda[j];
      if (!(l < 0)) {
        throw new IllegalArgumentException("PK system is not dissipative (eigenvalue " + l + "); check CL > 0");
      }
    }
    System.arraycopy(theta, 0, cachedTheta, 0, p);
    cacheValid = true;
  }
}
