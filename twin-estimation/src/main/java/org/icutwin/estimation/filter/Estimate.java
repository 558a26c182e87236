package org.icutwin.estimation.filter;

import java.util.List;

/**
 * The observer's posterior at a time: mean and covariance of the augmented state, with states
 * in their physical units and estimated parameters as log θ.
 *
 * @param timeMin time of the estimate (minutes)
 * @param names coordinate names: states, then {@code "log <parameter>"}
 * @param mean posterior mean (states in units; parameters as mean of log θ)
 * @param covariance posterior covariance in the same coordinates
 */
public record Estimate(double timeMin, List<String> names, double[] mean, double[][] covariance) {
  private static final double Z90 = 1.6448536269514722;

  public Estimate {
    names = List.copyOf(names);
    mean = mean.clone();
    double[][] c = new double[covariance.length][];
    for (int i = 0; i < c.length; i++) {
      c[i] = covariance[i].clone();
    }
    covariance = c;
  }

  @Override
  public double[] mean() {
    return mean.clone();
  }

  @Override
  public double[][] covariance() {
    double[][] c = new double[covariance.length][];
    for (int i = 0; i < c.length; i++) {
      c[i] = covariance[i].clone();
    }
    return c;
  }

  public double mean(int i) {
    return mean[i];
  }

  public double sd(int i) {
    return Math.sqrt(covariance[i][i]);
  }

  public double covariance(int i, int j) {
    return covariance[i][j];
  }

  private int parameterCoordinate(String parameter) {
    int i = names.indexOf("log " + parameter);
    if (i < 0) {
      throw new IllegalArgumentException("parameter " + parameter + " is not estimated; coordinates are " + names);
    }
    return i;
  }

  /** Posterior median of an estimated parameter, exp(E[log θ]), natural scale. */
  public double parameterMedian(String parameter) {
    return Math.exp(mean[parameterCoordinate(parameter)]);
  }

  /** Posterior standard deviation of log θ (≈ coefficient of variation when small). */
  public double parameterLogSd(String parameter) {
    return sd(parameterCoordinate(parameter));
  }

  /** 90% interval of an estimated parameter: exp(E[log θ] ± 1.645·sd). */
  public double[] parameterInterval90(String parameter) {
    int i = parameterCoordinate(parameter);
    return new double[] {Math.exp(mean[i] - Z90 * sd(i)), Math.exp(mean[i] + Z90 * sd(i))};
  }

  /** 90% interval of state i under a Gaussian posterior: mean ± 1.645·sd, without regard to bounds. */
  public double[] stateInterval90(int i) {
    return new double[] {mean[i] - Z90 * sd(i), mean[i] + Z90 * sd(i)};
  }

  /**
   * 90% interval of state i for a state with physical bounds (e.g. a concentration that cannot be
   * negative): the 5% and 95% quantiles of the Gaussian posterior projected onto [lower, upper],
   * the probability mass beyond a bound being put on the bound, as the filters' sigma-point
   * projection treats it. Inside the bounds the ends are mean ± 1.645·sd; an end beyond a bound is
   * the bound, so a nonnegative state never shows a negative lower limit.
   */
  public double[] stateInterval90(int i, double lowerBound, double upperBound) {
    if (!(lowerBound <= upperBound)) {
      throw new IllegalArgumentException("lower bound " + lowerBound + " above upper bound " + upperBound);
    }
    double[] ci = stateInterval90(i);
    return new double[] {Math.min(Math.max(ci[0], lowerBound), upperBound), Math.max(Math.min(ci[1], upperBound), lowerBound)};
  }
}
