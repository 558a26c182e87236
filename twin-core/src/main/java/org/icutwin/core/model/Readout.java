package org.icutwin.core.model;

/**
 * A measurement that reads one state through at most one parameter:
 * h(x, θ) = x[state] · θ[parameter]^power, or x[state] when {@code parameter} is −1.
 * Such a measurement is linear in the states; an estimator that does not estimate
 * {@code parameter} can update on it in closed form (see twin-estimation's UKF).
 *
 * @param state index of the state read
 * @param parameter index in θ of the scaling parameter, or −1 for none
 * @param power exponent of that parameter (e.g. −1 for a concentration amount/V); ignored without one
 */
public record Readout(int state, int parameter, int power) {
  public Readout {
    if (state < 0 || parameter < -1) {
      throw new IllegalArgumentException("readout needs a state index >= 0 and a parameter index >= -1");
    }
  }

  /** h = x[state]. */
  public static Readout ofState(int state) {
    return new Readout(state, -1, 0);
  }

  /** h = x[state] / θ[parameter] (an amount over a volume). */
  public static Readout perParameter(int state, int parameter) {
    return new Readout(state, parameter, -1);
  }

  /** The factor c(θ) in h = c(θ)·x[state]. */
  public double factor(double[] theta) {
    return parameter < 0 ? 1.0 : Math.pow(theta[parameter], power);
  }
}
