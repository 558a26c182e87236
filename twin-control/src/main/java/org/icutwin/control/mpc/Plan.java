package org.icutwin.control.mpc;

/**
 * A piecewise-constant rate plan: {@code rates[k]} from {@code startsMin[k]} until the next start
 * (the last rate holds on). Used to warm-start the next decision at whatever time it is made.
 */
public record Plan(double[] rates, double[] startsMin) {

  public Plan {
    if (rates.length == 0 || rates.length != startsMin.length) {
      throw new IllegalArgumentException("a plan needs as many start times as rates, and at least one");
    }
    rates = rates.clone();
    startsMin = startsMin.clone();
  }

  @Override
  public double[] rates() {
    return rates.clone();
  }

  @Override
  public double[] startsMin() {
    return startsMin.clone();
  }

  /** The planned rate at time {@code t} (the first rate before the plan starts, the last after it ends). */
  public double rateAt(double t) {
    int k = 0;
    while (k + 1 < startsMin.length && startsMin[k + 1] <= t) {
      k++;
    }
    return rates[k];
  }
}
