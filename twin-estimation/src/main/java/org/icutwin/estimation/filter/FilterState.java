package org.icutwin.estimation.filter;

/**
 * A filter's posterior as plain numbers, for snapshots: the augmented mean and covariance in the
 * filter's own scaled coordinates (not {@link Estimate}'s physical ones), so that restoring it
 * gives back the same doubles, not a rescaled approximation.
 *
 * @param timeMin the time of the posterior, minutes on the twin's clock
 * @param mean scaled augmented mean (states, then log-parameters)
 * @param covariance scaled augmented covariance, row-major
 */
public record FilterState(double timeMin, double[] mean, double[][] covariance) {

  public FilterState {
    mean = mean.clone();
    double[][] c = new double[covariance.length][];
    for (int i = 0; i < c.length; i++) {
      if (covariance[i].length != mean.length) {
        throw new IllegalArgumentException("covariance row " + i + " has " + covariance[i].length
            + " entries, the mean " + mean.length);
      }
      c[i] = covariance[i].clone();
    }
    if (c.length != mean.length) {
      throw new IllegalArgumentException("covariance has " + c.length + " rows, the mean " + mean.length + " entries");
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
}
