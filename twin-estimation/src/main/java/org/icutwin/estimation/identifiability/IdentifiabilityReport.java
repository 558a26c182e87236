package org.icutwin.estimation.identifiability;

import java.util.List;

/**
 * Local practical identifiability at θ from the Fisher information's eigen-decomposition.
 *
 * @param names parameter names
 * @param scale scale of the sensitivities (log: directions are relative changes)
 * @param eigenvalues eigenvalues of F, descending
 * @param rank number of eigenvalues above {@code relativeTolerance}·λ_max
 * @param conditionNumber λ_max/λ_min (infinite when λ_min ≤ 0)
 * @param nonIdentifiable directions whose eigenvalue is at or below the tolerance, weakest first
 * @param weakest the direction of the smallest eigenvalue, whether or not it is below tolerance
 * @param relativeTolerance the rank tolerance on eigenvalues relative to the largest
 */
public record IdentifiabilityReport(List<String> names, ParameterScale scale, double[] eigenvalues, int rank,
    double conditionNumber, List<ParameterCombination> nonIdentifiable, ParameterCombination weakest,
    double relativeTolerance) {

  public IdentifiabilityReport {
    names = List.copyOf(names);
    eigenvalues = eigenvalues.clone();
    nonIdentifiable = List.copyOf(nonIdentifiable);
  }

  @Override
  public double[] eigenvalues() {
    return eigenvalues.clone();
  }

  /** Whether every parameter is locally identifiable (full rank). */
  public boolean fullRank() {
    return rank == names.size();
  }
}
