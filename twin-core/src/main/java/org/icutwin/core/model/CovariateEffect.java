package org.icutwin.core.model;

import java.util.Objects;

/**
 * A multiplicative covariate effect on a parameter's typical value.
 *
 * <p>Power: (c/ref)^exponent, e.g. vancomycin CL ∝ (CrCL/120)^0.8 (Goti 2018). Flag: a factor
 * applied when a yes/no covariate is true, e.g. CL × 0.7 on haemodialysis. Linear:
 * 1 + slope·(c − ref), e.g. an age effect.
 */
public sealed interface CovariateEffect {

  /** The factor for this patient; fails naming the covariate when it is missing. */
  double factor(Covariates covariates, String parameter);

  Covariate covariate();

  /** (c / reference)^exponent. */
  record Power(Covariate covariate, double reference, double exponent) implements CovariateEffect {
    public Power {
      Objects.requireNonNull(covariate, "covariate");
      ModelChecks.requireFinitePositive(reference, "power effect reference");
      if (!Double.isFinite(exponent)) {
        throw new IllegalArgumentException("power effect exponent must be finite");
      }
    }

    @Override
    public double factor(Covariates covariates, String parameter) {
      return Math.pow(covariates.require(covariate, parameter) / reference, exponent);
    }
  }

  /** {@code factorIfTrue} when the flag is set, 1 otherwise. */
  record Flag(Covariate covariate, double factorIfTrue) implements CovariateEffect {
    public Flag {
      Objects.requireNonNull(covariate, "covariate");
      if (!covariate.isFlag()) {
        throw new IllegalArgumentException(covariate + " is not a yes/no covariate");
      }
      ModelChecks.requireFinitePositive(factorIfTrue, "flag effect factor");
    }

    @Override
    public double factor(Covariates covariates, String parameter) {
      return covariates.require(covariate, parameter) == 1.0 ? factorIfTrue : 1.0;
    }
  }

  /** 1 + slope·(c − reference); must stay positive. */
  record Linear(Covariate covariate, double reference, double slope) implements CovariateEffect {
    public Linear {
      Objects.requireNonNull(covariate, "covariate");
      if (!Double.isFinite(reference) || !Double.isFinite(slope)) {
        throw new IllegalArgumentException("linear effect reference and slope must be finite");
      }
    }

    @Override
    public double factor(Covariates covariates, String parameter) {
      double f = 1.0 + slope * (covariates.require(covariate, parameter) - reference);
      if (!(f > 0)) {
        throw new IllegalArgumentException(
            "linear " + covariate + " effect on " + parameter + " gives a non-positive factor " + f);
      }
      return f;
    }
  }
}
