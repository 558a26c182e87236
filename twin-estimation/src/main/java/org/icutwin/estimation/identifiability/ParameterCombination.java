package org.icutwin.estimation.identifiability;

import java.util.List;

/**
 * A direction in parameter space, v, with its Fisher information λ = vᵀFv (|v| = 1): moving θ
 * along v changes the sampled outputs by about √λ·δ standard deviations per step δ.
 *
 * @param eigenvalue information along the direction
 * @param coefficients direction scaled so that its largest-magnitude coefficient is +1
 * @param expression the direction in parameter names, e.g. {@code "A − C"} or {@code "E"};
 *     coefficients below 0.05 in magnitude are omitted from it (not from {@code coefficients})
 * @param names the parameter names the coefficients refer to
 */
public record ParameterCombination(double eigenvalue, double[] coefficients, String expression, List<String> names) {

  public ParameterCombination {
    coefficients = coefficients.clone();
    names = List.copyOf(names);
  }

  @Override
  public double[] coefficients() {
    return coefficients.clone();
  }

  /** Coefficient of the named parameter. */
  public double coefficient(String name) {
    int i = names.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException("no parameter '" + name + "' in " + names);
    }
    return coefficients[i];
  }
}
