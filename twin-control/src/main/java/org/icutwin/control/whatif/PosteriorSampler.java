package org.icutwin.control.whatif;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.linear.RealMatrix;
import org.icutwin.core.model.PhysiologicalModel;
import org.icutwin.core.model.StateVariable;
import org.icutwin.estimation.filter.Estimate;

/**
 * Draws (state, θ) pairs from a filter's Gaussian posterior over states and log-parameters.
 *
 * <p>z = μ + D·L·ε with ε ~ N(0, I), D = diag(sd) and L the Cholesky factor of the correlation
 * matrix D⁻¹ΣD⁻¹ (standardising first keeps the factorisation well conditioned when glucose
 * in mmol/L sits next to insulin action of order 1e-3/min). States are clipped to their physical
 * bounds, as the filter projects its sigma points; log-parameters are exponentiated. A
 * coordinate with zero variance is held at its mean.
 */
public final class PosteriorSampler {
  private static final double[] JITTER = {0, 1e-12, 1e-10, 1e-8, 1e-6};

  private PosteriorSampler() {}

  /**
   * {@code count} draws with a seeded generator.
   *
   * @param posterior the estimate: model states by name first, then {@code "log <parameter>"} coordinates
   * @param model the twin's model
   * @param baseTheta all parameters (natural scale); estimated ones are replaced by the draw
   */
  public static List<PosteriorDraw> draw(Estimate posterior, PhysiologicalModel model, double[] baseTheta, int count,
      long seed) {
    if (count < 1) {
      throw new IllegalArgumentException("need at least one draw, got " + count);
    }
    int n = model.stateDimension();
    int dim = posterior.names().size();
    if (baseTheta.length != model.parameters().size()) {
      throw new IllegalArgumentException("model " + model.id() + " has " + model.parameters().size()
          + " parameters, theta has " + baseTheta.length);
    }
    if (dim < n || !posterior.names().subList(0, n).equals(model.states().names())) {
      throw new IllegalArgumentException("estimate coordinates " + posterior.names() + " do not start with the states "
          + model.states().names() + " of model " + model.id());
    }
    int[] parameterIndex = new int[dim - n];
    for (int j = n; j < dim; j++) {
      String name = posterior.names().get(j);
      if (!name.startsWith("log ")) {
        throw new IllegalArgumentException("coordinate " + name + " is neither a state nor 'log <parameter>'");
      }
      parameterIndex[j - n] = model.parameterIndex(name.substring(4));
    }
    double[] mean = posterior.mean();
    double[] sd = new double[dim];
    for (int i = 0; i < dim; i++) {
      sd[i] = posterior.sd(i);
      if (!Double.isFinite(mean[i]) || !Double.isFinite(sd[i])) {
        throw new IllegalArgumentException("posterior of " + posterior.names().get(i) + " is not finite");
      }
    }
    RealMatrix l = correlationFactor(posterior, sd);
    Random rnd = new Random(seed);
    double[] eps = new double[dim];
    var draws = new ArrayList<PosteriorDraw>(count);
    for (int s = 0; s < count; s++) {
      for (int i = 0; i < dim; i++) {
        eps[i] = rnd.nextGaussian();
      }
      double[] z = mean.clone();
      for (int i = 0; i < dim; i++) {
        double acc = 0;
        for (int k = 0; k <= i; k++) {
          acc += l.getEntry(i, k) * eps[k];
        }
        z[i] += sd[i] * acc;
      }
      double[] x = new double[n];
      for (int i = 0; i < n; i++) {
        StateVariable v = model.states().get(i);
        x[i] = Math.min(v.upperBound(), Math.max(v.lowerBound(), z[i]));
      }
      double[] theta = baseTheta.clone();
      for (int j = 0; j < parameterIndex.length; j++) {
        theta[parameterIndex[j]] = Math.exp(z[n + j]);
      }
      draws.add(new PosteriorDraw(x, theta));
    }
    return List.copyOf(draws);
  }

  private static RealMatrix correlationFactor(Estimate posterior, double[] sd) {
    int dim = sd.length;
    double[][] r = new double[dim][dim];
    for (int i = 0; i < dim; i++) {
      for (int j = 0; j < dim; j++) {
        if (i == j) {
          r[i][j] = 1.0;
        } else if (sd[i] > 0 && sd[j] > 0) {
          // Symmetrised: the filter keeps P symmetric only to round-off.
          r[i][j] = 0.5 * (posterior.covariance(i, j) + posterior.covariance(j, i)) / (sd[i] * sd[j]);
        }
      }
    }
    for (double eps : JITTER) {
      RealMatrix m = MatrixUtils.createRealMatrix(r);
      for (int i = 0; i < dim; i++) {
        m.addToEntry(i, i, eps);
      }
      try {
        return new CholeskyDecomposition(m, 1e-12, 1e-14).getL();
      } catch (NonPositiveDefiniteMatrixException e) {
        // Perfect correlations make R singular; a tiny ridge keeps the draws faithful to it.
      }
    }
    throw new IllegalArgumentException("posterior covariance is not positive semi-definite even with a ridge of "
        + JITTER[JITTER.length - 1] + " on its correlation matrix");
  }
}
