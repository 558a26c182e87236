package org.icutwin.estimation.filter;

import java.util.List;
import org.icutwin.core.model.PhysiologicalModel;
import org.icutwin.core.model.StateVariable;

/**
 * The augmented, scaled coordinates the filters work in: z = [x_i/s_i ..., log θ_j ...].
 *
 * <p>States are divided by their typical magnitude s_i ({@link StateVariable#scale()}) so that
 * the covariance is well conditioned (an insulin-action state of 1e-2 next to glucose of 8
 * would otherwise push P's smallest eigenvalue towards 1e-7); estimated parameters enter as
 * log θ, so they stay positive and their uncertainty is relative. Immutable.
 */
public final class AugmentedSpace {
  private final PhysiologicalModel model;
  private final double[] baseTheta;
  private final int[] parameterIndex;
  private final List<String> names;
  private final double[] scale;
  private final double[] lower;
  private final double[] upper;
  private final int n;
  private final int[] readoutState;
  private final double[] readoutFactor;

  AugmentedSpace(EstimationSetup setup) {
    this.model = setup.model();
    this.baseTheta = setup.theta();
    this.n = model.stateDimension();
    int m = setup.estimated().size();
    this.parameterIndex = new int[m];
    var ns = new java.util.ArrayList<String>(model.states().names());
    for (int j = 0; j < m; j++) {
      String name = setup.estimated().get(j).name();
      parameterIndex[j] = model.parameterIndex(name);
      ns.add("log " + name);
    }
    this.names = List.copyOf(ns);
    this.scale = new double[n];
    this.lower = new double[n];
    this.upper = new double[n];
    for (int i = 0; i < n; i++) {
      StateVariable v = model.states().get(i);
      scale[i] = v.scale();
      lower[i] = v.lowerBound() / v.scale();
      upper[i] = v.upperBound() / v.scale();
    }
    int k = model.measurements().size();
    this.readoutState = new int[k];
    this.readoutFactor = new double[k];
    for (int j = 0; j < k; j++) {
      readoutState[j] = -1;
      var r = model.readout(j);
      if (r.isPresent() && !isEstimated(r.get().parameter())) {
        readoutState[j] = r.get().state();
        readoutFactor[j] = r.get().factor(baseTheta) * scale[r.get().state()];
      }
    }
  }

  private boolean isEstimated(int thetaIndex) {
    for (int p : parameterIndex) {
      if (p == thetaIndex) {
        return true;
      }
    }
    return false;
  }

  /**
   * The coordinate of z that measurement k reads linearly, h = {@link #readoutFactor(int)}·z_i, or
   * −1 when h is not linear in z (no declared readout, or its scaling parameter is estimated).
   */
  int readoutCoordinate(int k) {
    return readoutState[k];
  }

  /** The factor c in h = c·z_i for a linear readout (scale and fixed parameter folded in). */
  double readoutFactor(int k) {
    return readoutFactor[k];
  }

  public PhysiologicalModel model() {
    return model;
  }

  /** Augmented dimension N = states + estimated parameters. */
  public int dimension() {
    return n + parameterIndex.length;
  }

  public int stateCount() {
    return n;
  }

  /** Coordinate names: state names, then "log θ" for each estimated parameter. */
  public List<String> names() {
    return names;
  }

  /** Index in the model's θ of estimated parameter j. */
  int parameterIndex(int j) {
    return parameterIndex[j];
  }

  /** Position in z of the named estimated parameter, or −1. */
  public int coordinateOf(String parameter) {
    return names.indexOf("log " + parameter);
  }

  double scale(int i) {
    return i < n ? scale[i] : 1.0;
  }

  /** Writes θ for augmented point z into {@code theta}. */
  void theta(double[] z, double[] theta) {
    System.arraycopy(baseTheta, 0, theta, 0, baseTheta.length);
    for (int j = 0; j < parameterIndex.length; j++) {
      theta[parameterIndex[j]] = Math.exp(z[n + j]);
    }
  }

  double[] newTheta() {
    return baseTheta.clone();
  }

  /** Writes the physical state of z into {@code x}. */
  void state(double[] z, double[] x) {
    for (int i = 0; i < n; i++) {
      x[i] = z[i] * scale[i];
    }
  }

  /** Stores physical state {@code x} into z. */
  void store(double[] x, double[] z) {
    for (int i = 0; i < n; i++) {
      z[i] = x[i] / scale[i];
    }
  }

  /** Projects the state part of z onto the physical bounds (parameters are unbounded in log space). */
  void clip(double[] z) {
    for (int i = 0; i < n; i++) {
      if (z[i] < lower[i]) {
        z[i] = lower[i];
      } else if (z[i] > upper[i]) {
        z[i] = upper[i];
      }
    }
  }

  /** Initial mean and covariance in scaled coordinates. */
  void prior(EstimationSetup setup, double[] mean, double[][] p) {
    double[] x0 = setup.initialState();
    double[] sd = setup.initialStateSd();
    for (int i = 0; i < n; i++) {
      mean[i] = x0[i] / scale[i];
      p[i][i] = sd[i] * sd[i] / (scale[i] * scale[i]);
    }
    for (int j = 0; j < parameterIndex.length; j++) {
      mean[n + j] = Math.log(baseTheta[parameterIndex[j]]);
      double s = setup.estimated().get(j).priorLogSd();
      p[n + j][n + j] = s * s;
    }
  }

  /** Process-noise variance added per minute, scaled coordinates (diagonal). */
  double[] processRate(EstimationSetup setup) {
    double[] q = new double[dimension()];
    double[] sd = setup.stateProcessSdPerSqrtMin();
    for (int i = 0; i < n; i++) {
      q[i] = sd[i] * sd[i] / (scale[i] * scale[i]);
    }
    for (int j = 0; j < parameterIndex.length; j++) {
      double s = setup.estimated().get(j).randomWalkLogSdPerSqrtMin();
      q[n + j] = s * s;
    }
    return q;
  }
}
