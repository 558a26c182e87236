package org.icutwin.estimation.map;

/**
 * A personalised parameter with its approximate 90% posterior interval (natural scale).
 *
 * <p>The interval is θ_typ·exp(η̂ ± 1.645·sd(η)), from the Laplace covariance of η: log-normal,
 * hence asymmetric around the estimate on the natural scale.
 *
 * @param name parameter name in the model
 * @param unit UCUM unit of the parameter
 * @param typical covariate-predicted typical value (η = 0)
 * @param estimate MAP estimate θ̂ = typical·exp(η̂)
 * @param eta MAP random effect η̂ (log scale)
 * @param etaSd posterior standard deviation of η (log scale)
 * @param lower90 5th percentile of the approximate posterior
 * @param upper90 95th percentile of the approximate posterior
 */
public record ParameterEstimate(String name, String unit, double typical, double estimate, double eta, double etaSd,
    double lower90, double upper90) {}
