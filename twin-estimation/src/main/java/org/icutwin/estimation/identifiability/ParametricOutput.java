package org.icutwin.estimation.identifiability;

import java.util.List;

/**
 * A parametric output y(θ, t) sampled at given times, e.g. y = (A·C)·exp(−k·t) or a model's
 * plasma concentration under a dosing schedule.
 *
 * <p>Implementations must not keep or modify the argument arrays.
 */
public interface ParametricOutput {

  /** Names of θ's components, in order. */
  List<String> parameterNames();

  /** y(θ, t_j) for each of {@code timesMin} (any order, repeats allowed), in the output's unit. */
  double[] evaluate(double[] theta, double[] timesMin);
}
