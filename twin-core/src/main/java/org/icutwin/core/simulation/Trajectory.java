package org.icutwin.core.simulation;

import org.icutwin.core.model.PhysiologicalModel;

/**
 * States of a model on a time grid; arrays are copied in and out.
 *
 * @param timesMin output times (minutes)
 * @param states {@code states[k]} is the state at {@code timesMin[k]}
 */
public record Trajectory(double[] timesMin, double[][] states) {

  public Trajectory {
    if (timesMin.length != states.length) {
      throw new IllegalArgumentException("times and states differ in length");
    }
    timesMin = timesMin.clone();
    double[][] copy = new double[states.length][];
    for (int k = 0; k < states.length; k++) {
      copy[k] = states[k].clone();
    }
    states = copy;
  }

  @Override
  public double[] timesMin() {
    return timesMin.clone();
  }

  public int size() {
    return timesMin.length;
  }

  public double time(int k) {
    return timesMin[k];
  }

  /** A copy of the state at output k. */
  public double[] state(int k) {
    return states[k].clone();
  }

  /** Component {@code i} of the state at output {@code k}. */
  public double state(int k, int i) {
    return states[k][i];
  }

  @Override
  public double[][] states() {
    double[][] copy = new double[states.length][];
    for (int k = 0; k < states.length; k++) {
      copy[k] = states[k].clone();
    }
    return copy;
  }

  /** The series of one state component. */
  public double[] series(int i) {
    double[] s = new double[states.length];
    for (int k = 0; k < s.length; k++) {
      s[k] = states[k][i];
    }
    return s;
  }

  /** The named measurement h(x(t_k), θ) at each output time. */
  public double[] measurement(PhysiologicalModel model, double[] theta, String name) {
    int m = model.measurementIndex(name);
    double[] y = new double[states.length];
    for (int k = 0; k < y.length; k++) {
      y[k] = model.measure(m, states[k], theta);
    }
    return y;
  }
}
