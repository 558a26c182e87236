package org.icutwin.control.whatif;

/**
 * The simulated output of one alternative: per-draw values, percentiles and summary outcomes.
 *
 * @param name the alternative's name
 * @param values output per draw (row) and report time (column); row s used posterior draw s in every alternative
 * @param percentiles rows for {@link WhatIfSimulator#PERCENTILES} (5, 25, 50, 75, 95), columns per report time
 * @param summary band, threshold and AUC outcomes
 */
public record AlternativeResult(String name, double[][] values, double[][] percentiles, OutcomeSummary summary) {
  public AlternativeResult {
    values = copy(values);
    percentiles = copy(percentiles);
  }

  @Override
  public double[][] values() {
    return copy(values);
  }

  @Override
  public double[][] percentiles() {
    return copy(percentiles);
  }

  /** The median at report time index k. */
  public double median(int k) {
    return percentiles[2][k];
  }

  /** Percentile row r (0 = 5th ... 4 = 95th) at report time index k. */
  public double percentile(int r, int k) {
    return percentiles[r][k];
  }

  private static double[][] copy(double[][] a) {
    double[][] c = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      c[i] = a[i].clone();
    }
    return c;
  }
}
