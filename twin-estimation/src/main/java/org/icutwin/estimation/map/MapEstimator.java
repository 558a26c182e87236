package org.icutwin.estimation.map;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.exception.TooManyIterationsException;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.util.Pair;
import org.icutwin.core.model.ParameterSpec;
import org.icutwin.core.model.ParameterVectors;
import org.icutwin.core.model.PhysiologicalModel;
import org.icutwin.estimation.Symmetry;

/**
 * MAP Bayesian estimation of a patient's random effects: η̂ = argmin Σ_i r_i(η)² + Σ_k (η_k/ω_k)²
 * by Levenberg-Marquardt, with a Laplace posterior covariance (JᵀJ)⁻¹ of η at η̂.
 *
 * <p>Residual weighting is generalised least squares (Carroll and Ruppert 1988, Transformation
 * and Weighting in Regression, ch. 2): each pass fixes sd_i = sd(h_i) at the current predictions
 * and minimises the weighted, penalised sum of squares; passes repeat until η moves less than
 * {@code etaTolerance}. Unlike letting sd follow h inside one objective, this does not reward
 * predictions that inflate their own variance; unlike the extended least squares term log σ², it
 * keeps the problem a pure sum of squares that LM needs. Values below LOQ use Beal's M3
 * ({@link CensoredResidual}). Stateless: each fit owns its propagator.
 */
public final class MapEstimator {
  private static final double Z90 = new NormalDistribution(null, 0.0, 1.0).inverseCumulativeProbability(0.95);

  /** Relative symmetry tolerance of JᵀJ for Cholesky; positivity threshold 0 (its default is absolute). */
  private static final double SYMMETRY = 1e-10;

  private final MapOptions options;

  public MapEstimator(MapOptions options) {
    this.options = options;
  }

  public MapEstimator() {
    this(MapOptions.defaults());
  }

  /** Personalises the request's estimated parameters; see the class documentation. */
  public MapResult fit(MapRequest request) {
    PhysiologicalModel model = request.model();
    List<String> names = request.estimated();
    int p = names.size();
    int[] index = new int[p];
    double[] omega = new double[p];
    for (int k = 0; k < p; k++) {
      index[k] = model.parameterIndex(names.get(k));
      omega[k] = model.parameters().get(index[k]).omega().getAsDouble();
    }
    double[] typical = ParameterVectors.typical(model, request.covariates());
    var residuals = new PenalisedResiduals(new Predictor(request, options), request.observations(), typical, index,
        omega, options.etaStep());

    double[] eta = new double[p];
    int iterations = 0;
    boolean converged = false;
    for (int pass = 0; pass < options.maxWeightPasses(); pass++) {
      residuals.weightAt(residuals.predict(eta));
      Pass result = minimise(residuals, eta);
      iterations += result.iterations();
      double shift = maxAbsDifference(result.eta(), eta);
      eta = result.eta();
      if (!result.converged()) {
        converged = false;
        break;
      }
      converged = shift < options.etaTolerance() || options.maxWeightPasses() == 1;
      if (converged) {
        break;
      }
    }
    double[] r = residuals.residuals(eta);
    double objective = 0;
    for (double v : r) {
      objective += v * v;
    }
    double[][] covariance = laplaceCovariance(residuals.jacobian(eta));
    return new MapResult(model.id(), residuals.theta(eta), estimates(model, names, index, typical, eta, covariance),
        eta, covariance, objective, iterations, converged);
  }

  private record Pass(double[] eta, int iterations, boolean converged) {}

  private Pass minimise(PenalisedResiduals residuals, double[] start) {
    double[] best = start.clone();
    double[] bestCost = {Double.POSITIVE_INFINITY};
    var problem = new LeastSquaresBuilder()
        .start(start)
        .target(new double[residuals.size()])
        .model(point -> {
          double[] eta = point.toArray();
          double[] r = residuals.residuals(eta);
          double cost = 0;
          for (double v : r) {
            cost += v * v;
          }
          if (cost < bestCost[0]) {
            bestCost[0] = cost;
            System.arraycopy(eta, 0, best, 0, eta.length);
          }
          return new Pair<>(new ArrayRealVector(r, false), new Array2DRowRealMatrix(residuals.jacobian(eta), false));
        })
        .maxIterations(options.maxIterations())
        .maxEvaluations(options.maxIterations() * 4)
        .lazyEvaluation(false)
        .build();
    try {
      LeastSquaresOptimizer.Optimum optimum = new LevenbergMarquardtOptimizer().optimize(problem);
      return new Pass(optimum.getPoint().toArray(), optimum.getIterations(), true);
    } catch (TooManyIterationsException | TooManyEvaluationsException e) {
      // Report the best point seen, flagged as not converged, rather than nothing.
      return new Pass(best, options.maxIterations(), false);
    }
  }

  /** Σ = (JᵀJ)⁻¹ by Cholesky; JᵀJ is positive definite because the prior rows add diag(1/ω²). */
  static double[][] laplaceCovariance(double[][] jacobian) {
    RealMatrix j = new Array2DRowRealMatrix(jacobian, false);
    RealMatrix information = j.transpose().multiply(j);
    RealMatrix cov = new CholeskyDecomposition(information, SYMMETRY, 0.0).getSolver().getInverse();
    double[][] c = cov.getData();
    return Symmetry.symmetrise(c);
  }

  private static List<ParameterEstimate> estimates(PhysiologicalModel model, List<String> names, int[] index,
      double[] typical, double[] eta, double[][] covariance) {
    var list = new ArrayList<ParameterEstimate>();
    for (int k = 0; k < names.size(); k++) {
      ParameterSpec spec = model.parameters().get(index[k]);
      double t = typical[index[k]];
      double sd = Math.sqrt(covariance[k][k]);
      list.add(new ParameterEstimate(names.get(k), spec.unit(), t, t * Math.exp(eta[k]), eta[k], sd,
          t * Math.exp(eta[k] - Z90 * sd), t * Math.exp(eta[k] + Z90 * sd)));
    }
    return list;
  }

  private static double maxAbsDifference(double[] a, double[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }
}
