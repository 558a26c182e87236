package org.icutwin.estimation.monitor;

import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;

/**
 * Filter consistency statistics (Bar-Shalom, Li and Kirubarajan 2001, §5.4): the normalised
 * estimation error squared NEES = eᵀP⁻¹e (needs the truth: simulations only) and the
 * normalised innovation squared NIS = ν²/S, and the two-sided χ² acceptance band for their
 * average over N independent runs: N·avg ~ χ²(N·dim).
 */
public final class Consistency {
  private Consistency() {}

  /** eᵀ·P⁻¹·e with e = estimate − truth, via a Cholesky solve. */
  public static double nees(double[] estimate, double[] truth, double[][] covariance) {
    int n = estimate.length;
    double[] e = new double[n];
    for (int i = 0; i < n; i++) {
      e[i] = estimate[i] - truth[i];
    }
    var solver = new CholeskyDecomposition(new Array2DRowRealMatrix(covariance, true), 1e-8, 0.0).getSolver();
    double[] x = solver.solve(new org.apache.commons.math3.linear.ArrayRealVector(e, false)).toArray();
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += e[i] * x[i];
    }
    return s;
  }

  /**
   * The band [lo, hi] that the average of a statistic over {@code runs} runs lies in with
   * probability {@code probability} when each is χ²({@code dim}).
   */
  public static double[] averageBand(int runs, int dim, double probability) {
    var chi = new ChiSquaredDistribution(null, (double) runs * dim);
    double tail = (1 - probability) / 2;
    return new double[] {chi.inverseCumulativeProbability(tail) / runs, chi.inverseCumulativeProbability(1 - tail) / runs};
  }
}
