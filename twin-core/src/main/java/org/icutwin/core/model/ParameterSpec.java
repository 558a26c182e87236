package org.icutwin.core.model;

import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * A model parameter with its population distribution: θ_i = θ_typ · Π f_k(covariates) · exp(η),
 * η ~ N(0, ω²) (log-normal inter-individual variability).
 *
 * @param name parameter name, unique in the model
 * @param unit UCUM unit in the model's internal units (time in minutes)
 * @param typicalValue typical value for the reference covariates, finite and positive
 * @param omega standard deviation of η on the log scale; empty when no variability is modelled
 *     (the parameter is then fixed at its covariate-predicted value)
 * @param covariateEffects multiplicative covariate effects
 * @param source literature source of the typical value and ω, or "assumption: ..." when it is ours
 */
public record ParameterSpec(
    String name,
    String unit,
    double typicalValue,
    OptionalDouble omega,
    List<CovariateEffect> covariateEffects,
    String source) {

  public ParameterSpec {
    ModelChecks.requireName(name, "parameter");
    Objects.requireNonNull(unit, "unit");
    ModelChecks.requireFinitePositive(typicalValue, "typical value of " + name);
    Objects.requireNonNull(omega, "omega");
    if (omega.isPresent()) {
      ModelChecks.requireFinitePositive(omega.getAsDouble(), "omega of " + name);
    }
    covariateEffects = List.copyOf(covariateEffects);
    Objects.requireNonNull(source, "source");
  }

  public static ParameterSpec fixed(String name, String unit, double typical, String source, CovariateEffect... effects) {
    return new ParameterSpec(name, unit, typical, OptionalDouble.empty(), List.of(effects), source);
  }

  public static ParameterSpec logNormal(
      String name, String unit, double typical, double omega, String source, CovariateEffect... effects) {
    return new ParameterSpec(name, unit, typical, OptionalDouble.of(omega), List.of(effects), source);
  }

  /** ω from a published coefficient of variation: ω² = ln(1 + CV²). */
  public static double omegaFromCv(double cv) {
    return Math.sqrt(Math.log1p(cv * cv));
  }

  /** Typical value for this patient: θ_typ · Π f_k(covariates). */
  public double typicalValue(Covariates covariates) {
    double value = typicalValue;
    for (CovariateEffect effect : covariateEffects) {
      value *= effect.factor(covariates, name);
    }
    return value;
  }

  /** Individual value for a random effect η: typicalValue(covariates) · exp(η). */
  public double individualValue(Covariates covariates, double eta) {
    if (!Double.isFinite(eta)) {
      throw new IllegalArgumentException("random effect of " + name + " must be finite, was " + eta);
    }
    return typicalValue(covariates) * Math.exp(eta);
  }
}
