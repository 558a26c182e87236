package org.icutwin.estimation.identifiability;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.icutwin.core.model.NoiseModel;

/**
 * Rank, conditioning and null directions of a Fisher information matrix (Jacquez and Greif
 * 1985, Math Biosci 77:201; Raue et al. 2009, Bioinformatics 25:1923 for the practical view).
 *
 * <p>An eigenvalue λ_i counts towards the rank when λ_i > tol·λ_max. The default tol = 1e-10
 * corresponds to singular values of W^½S below 1e-5 of the largest: finite-difference noise in S
 * (about 1e-10 relative with the default step) gives eigenvalues near 1e-20·λ_max, far below it,
 * while a genuinely weak but informative direction in a PK design stays above it.
 */
public final class IdentifiabilityAnalysis {
  /** Default relative tolerance on eigenvalues for the rank. */
  public static final double DEFAULT_TOLERANCE = 1e-10;
  /** Coefficients smaller than this (after scaling the largest to 1) are left out of expressions. */
  static final double SHOWN_COEFFICIENT = 0.05;

  private IdentifiabilityAnalysis() {}

  /** Analyses the information of samples at {@code timesMin} with the given error model. */
  public static IdentifiabilityReport of(ParametricOutput output, double[] theta, double[] timesMin, NoiseModel noise,
      ParameterScale scale) {
    return analyse(FisherInformation.of(output, theta, timesMin, noise, scale), output.parameterNames(), scale,
        DEFAULT_TOLERANCE);
  }

  /** Analyses a given Fisher information matrix (symmetric, positive semi-definite). */
  public static IdentifiabilityReport analyse(double[][] fisher, List<String> names, ParameterScale scale,
      double relativeTolerance) {
    int p = names.size();
    if (fisher.length != p) {
      throw new IllegalArgumentException("F is " + fisher.length + "×" + fisher.length + " for parameters " + names);
    }
    if (!(relativeTolerance > 0 && relativeTolerance < 1)) {
      throw new IllegalArgumentException("relative tolerance must be in (0, 1), was " + relativeTolerance);
    }
    var eig = new EigenDecomposition(new Array2DRowRealMatrix(fisher, true));
    Integer[] order = new Integer[p];
    for (int i = 0; i < p; i++) {
      order[i] = i;
    }
    double[] raw = eig.getRealEigenvalues();
    Arrays.sort(order, Comparator.comparingDouble(i -> -raw[i]));
    double[] lambda = new double[p];
    double[][] vectors = new double[p][];
    for (int i = 0; i < p; i++) {
      lambda[i] = raw[order[i]];
      vectors[i] = eig.getEigenvector(order[i]).toArray();
    }
    double max = lambda[0];
    double threshold = relativeTolerance * max;
    int rank = 0;
    var nonIdentifiable = new ArrayList<ParameterCombination>();
    for (int i = 0; i < p; i++) {
      if (max > 0 && lambda[i] > threshold) {
        rank++;
      }
    }
    for (int i = p - 1; i >= rank; i--) {
      nonIdentifiable.add(combination(lambda[i], vectors[i], names));
    }
    double min = lambda[p - 1];
    double condition = min > 0 ? max / min : Double.POSITIVE_INFINITY;
    return new IdentifiabilityReport(names, scale, lambda, rank, condition, nonIdentifiable,
        combination(lambda[p - 1], vectors[p - 1], names), relativeTolerance);
  }

  /** Scales v so its largest-magnitude coefficient is +1 and writes it with parameter names. */
  static ParameterCombination combination(double eigenvalue, double[] v, List<String> names) {
    int big = 0;
    for (int i = 1; i < v.length; i++) {
      // Ties within round-off go to the first parameter, so "A − C" does not flip to "−A + C".
      if (Math.abs(v[i]) > Math.abs(v[big]) * (1 + 1e-9)) {
        big = i;
      }
    }
    double[] c = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      c[i] = v[i] / v[big];
    }
    var sb = new StringBuilder();
    for (int i = 0; i < c.length; i++) {
      double a = Math.abs(c[i]);
      if (a < SHOWN_COEFFICIENT) {
        continue;
      }
      if (sb.length() > 0) {
        sb.append(c[i] < 0 ? " − " : " + ");
      } else if (c[i] < 0) {
        sb.append("−");
      }
      if (Math.abs(a - 1) >= 0.005) {
        sb.append(String.format(Locale.ROOT, "%.2f·", a));
      }
      sb.append(names.get(i));
    }
    return new ParameterCombination(eigenvalue, c, sb.toString(), names);
  }
}
