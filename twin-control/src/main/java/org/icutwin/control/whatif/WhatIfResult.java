package org.icutwin.control.whatif;

import java.util.List;

/**
 * The outcome of comparing alternatives on common random numbers.
 *
 * @param output the output simulated
 * @param timesMin the report times
 * @param alternatives one result per alternative, in request order
 */
public record WhatIfResult(String output, double[] timesMin, List<AlternativeResult> alternatives) {
  public WhatIfResult {
    timesMin = timesMin.clone();
    alternatives = List.copyOf(alternatives);
  }

  @Override
  public double[] timesMin() {
    return timesMin.clone();
  }

  /** The result of the named alternative. */
  public AlternativeResult alternative(String name) {
    return alternatives.stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow(
        () -> new IllegalArgumentException("no alternative '" + name + "'; have "
            + alternatives.stream().map(AlternativeResult::name).toList()));
  }

  /**
   * The p-th percentile over draws of the paired difference a - b at report time index k.
   *
   * <p>Paired on the same draw: with common random numbers this isolates the effect of the
   * regimen from the spread of the posterior.
   */
  public double pairedDifferencePercentile(String a, String b, int k, double p) {
    double[][] va = alternative(a).values();
    double[][] vb = alternative(b).values();
    double[] d = new double[va.length];
    for (int s = 0; s < d.length; s++) {
      d[s] = va[s][k] - vb[s][k];
    }
    return Percentiles.of(d, p);
  }
}
