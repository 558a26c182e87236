package org.icutwin.estimation;

/**
 * Covariance hygiene shared by the filters and the fits: round-off makes computed covariances
 * slightly asymmetric, and decompositions that assume symmetry then fail or mislead.
 */
public final class Symmetry {
  private Symmetry() {}

  /** Replaces each pair c[i][j], c[j][i] by its mean, in place; returns {@code c}. */
  public static double[][] symmetrise(double[][] c) {
    for (int i = 0; i < c.length; i++) {
      for (int j = i + 1; j < c.length; j++) {
        double m = 0.5 * (c[i][j] + c[j][i]);
        c[i][j] = m;
        c[j][i] = m;
      }
    }
    return c;
  }
}
