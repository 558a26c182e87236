package org.icutwin.estimation.filter;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Scaled sigma points (Julier 2002; Wan and van der Merwe 2000): 2N+1 points
 * m, m ± √((N+λ)P) columns, λ = α²(N+κ) − N, weights Wm0 = λ/(N+λ), Wc0 = Wm0 + 1 − α² + β,
 * Wi = 1/(2(N+λ)).
 *
 * <p>The matrix square root is Commons Math's Cholesky factor. When P has lost positive
 * definiteness to round-off, a jitter ε·(trace/N)·I is added with ε = 1e-12, 1e-10, ... up to
 * 1e-4 (documented in docs/estimation.md); beyond that the covariance is broken and an error is
 * raised rather than a silently wrong estimate.
 */
final class SigmaPoints {
  final int dim;
  final int count;
  final double lambda;
  final double[] wm;
  final double[] wc;
  final double[][] points;

  SigmaPoints(int dim, double alpha, double beta, double kappa) {
    if (!(alpha > 0) || !(dim + kappa > 0)) {
      throw new IllegalArgumentException("sigma-point parameters need alpha > 0 and N + kappa > 0");
    }
    this.dim = dim;
    this.count = 2 * dim + 1;
    this.lambda = alpha * alpha * (dim + kappa) - dim;
    this.wm = new double[count];
    this.wc = new double[count];
    wm[0] = lambda / (dim + lambda);
    wc[0] = wm[0] + 1 - alpha * alpha + beta;
    for (int i = 1; i < count; i++) {
      wm[i] = 1.0 / (2 * (dim + lambda));
      wc[i] = wm[i];
    }
    this.points = new double[count][dim];
  }

  /** Fills {@link #points} from mean and covariance. */
  void draw(double[] mean, double[][] cov) {
    double[][] lt = upperCholeskyWithJitter(cov);
    double c = Math.sqrt(dim + lambda);
    System.arraycopy(mean, 0, points[0], 0, dim);
    for (int j = 0; j < dim; j++) {
      double[] plus = points[1 + j];
      double[] minus = points[1 + dim + j];
      for (int i = 0; i < dim; i++) {
        double d = c * lt[j][i];
        plus[i] = mean[i] + d;
        minus[i] = mean[i] - d;
      }
    }
  }

  /** Weighted mean of the points into {@code mean}. */
  void mean(double[] mean) {
    java.util.Arrays.fill(mean, 0);
    for (int p = 0; p < count; p++) {
      double w = wm[p];
      double[] z = points[p];
      for (int i = 0; i < dim; i++) {
        mean[i] += w * z[i];
      }
    }
  }

  /** Weighted covariance of the points about {@code mean} into {@code cov}. */
  void covariance(double[] mean, double[][] cov) {
    for (double[] row : cov) {
      java.util.Arrays.fill(row, 0);
    }
    double[] d = new double[dim];
    for (int p = 0; p < count; p++) {
      double w = wc[p];
      for (int i = 0; i < dim; i++) {
        d[i] = points[p][i] - mean[i];
      }
      for (int i = 0; i < dim; i++) {
        double wi = w * d[i];
        for (int j = 0; j <= i; j++) {
          cov[i][j] += wi * d[j];
        }
      }
    }
    for (int i = 0; i < dim; i++) {
      for (int j = 0; j < i; j++) {
        cov[j][i] = cov[i][j];
      }
    }
  }

  /** Lᵀ (upper triangular, L·Lᵀ = cov): the factor as Commons Math stores it, without a transposed copy. */
  static double[][] upperCholeskyWithJitter(double[][] cov) {
    int n = cov.length;
    double trace = 0;
    for (int i = 0; i < n; i++) {
      trace += cov[i][i];
    }
    double base = Math.max(trace / n, Double.MIN_NORMAL);
    for (double eps = 0; eps <= 1e-4; eps = eps == 0 ? 1e-12 : eps * 100) {
      // CholeskyDecomposition copies its input, so the caller's array is wrapped, not copied, unless
      // jitter is to be added to it.
      RealMatrix m = new Array2DRowRealMatrix(cov, eps > 0);
      if (eps > 0) {
        for (int i = 0; i < n; i++) {
          m.addToEntry(i, i, eps * base);
        }
      }
      try {
        return new CholeskyDecomposition(m, 1e-8, 0.0).getLT().getData();
      } catch (NonPositiveDefiniteMatrixException e) {
        // try again with more jitter
      }
    }
    throw new IllegalStateException("covariance is not positive definite even with jitter 1e-4 x trace/N");
  }
}
