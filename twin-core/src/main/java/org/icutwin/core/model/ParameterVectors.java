package org.icutwin.core.model;

import java.util.List;

/** Builds θ vectors from a model's parameter specifications and a patient's covariates. */
public final class ParameterVectors {
  private ParameterVectors() {}

  /** θ at the typical values predicted for these covariates (all η = 0). */
  public static double[] typical(PhysiologicalModel model, Covariates covariates) {
    List<ParameterSpec> specs = model.parameters();
    double[] theta = new double[specs.size()];
    for (int i = 0; i < theta.length; i++) {
      theta[i] = specs.get(i).typicalValue(covariates);
    }
    return theta;
  }

  /** θ for random effects η (one per parameter; η_i must be 0 where ω_i is absent). */
  public static double[] individual(PhysiologicalModel model, Covariates covariates, double[] eta) {
    List<ParameterSpec> specs = model.parameters();
    if (eta.length != specs.size()) {
      throw new IllegalArgumentException(
          "model " + model.id() + " has " + specs.size() + " parameters, got " + eta.length + " random effects");
    }
    double[] theta = new double[eta.length];
    for (int i = 0; i < theta.length; i++) {
      ParameterSpec spec = specs.get(i);
      if (spec.omega().isEmpty() && eta[i] != 0.0) {
        throw new IllegalArgumentException("parameter " + spec.name() + " has no variability; its η must be 0");
      }
      theta[i] = spec.individualValue(covariates, eta[i]);
    }
    return theta;
  }
}
