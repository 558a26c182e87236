package org.icutwin.estimation.map;

import java.util.List;

/**
 * The MAP personalisation of one patient; arrays are copied in and out.
 *
 * @param modelId id of the fitted model
 * @param theta θ̂ for all parameters in the model's order, natural scale (fixed ones at their
 *     covariate-typical value)
 * @param estimated the estimated parameters, in the order of {@code eta} and {@code covariance}
 * @param eta η̂ of the estimated parameters
 * @param covariance Laplace posterior covariance of η, (JᵀJ)⁻¹ at the optimum
 * @param objective Σ r_obs² + Σ (η/ω)² at the optimum (standard deviations as in the last pass)
 * @param iterations Levenberg-Marquardt iterations summed over weighting passes
 * @param converged whether the optimiser and the weighting passes both converged
 */
public record MapResult(String modelId, double[] theta, List<ParameterEstimate> estimated, double[] eta,
    double[][] covariance, double objective, int iterations, boolean converged) {

  public MapResult {
    theta = theta.clone();
    estimated = List.copyOf(estimated);
    eta = eta.clone();
    covariance = copy(covariance);
  }

  @Override
  public double[] theta() {
    return theta.clone();
  }

  @Override
  public double[] eta() {
    return eta.clone();
  }

  @Override
  public double[][] covariance() {
    return copy(covariance);
  }

  /** The estimate of the named parameter; fails naming the estimated ones when absent. */
  public ParameterEstimate parameter(String name) {
    return estimated.stream().filter(p -> p.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("parameter '" + name + "' was not estimated; estimated are "
            + estimated.stream().map(ParameterEstimate::name).toList()));
  }

  private static double[][] copy(double[][] m) {
    double[][] c = new double[m.length][];
    for (int i = 0; i < m.length; i++) {
      c[i] = m[i].clone();
    }
    return c;
  }
}
