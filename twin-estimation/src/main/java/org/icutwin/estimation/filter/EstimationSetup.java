package org.icutwin.estimation.filter;

import java.util.List;
import java.util.Objects;
import org.icutwin.core.model.PhysiologicalModel;

/**
 * Everything an observer needs to start: the model, its parameters, which parameters are
 * estimated, the prior on the initial state and the process noise.
 *
 * @param model the twin's model
 * @param theta all parameters (natural scale, model order); estimated ones start here (prior median)
 * @param estimated parameters augmented to the state as log-random walks
 * @param initialState prior mean of the states at {@code startTimeMin}
 * @param initialStateSd prior standard deviation of each state (state units)
 * @param stateProcessSdPerSqrtMin additive process noise of each state, in state units per √min:
 *     unmodelled dynamics add variance q²·Δt over Δt minutes
 * @param startTimeMin time of the prior, minutes on the twin's clock
 */
public record EstimationSetup(PhysiologicalModel model, double[] theta, List<EstimatedParameter> estimated,
    double[] initialState, double[] initialStateSd, double[] stateProcessSdPerSqrtMin, double startTimeMin) {

  public EstimationSetup {
    Objects.requireNonNull(model, "model");
    int n = model.stateDimension();
    theta = checked(theta, model.parameters().size(), "theta", model);
    estimated = List.copyOf(estimated);
    initialState = checked(initialState, n, "initial state", model);
    initialStateSd = checked(initialStateSd, n, "initial state sd", model);
    stateProcessSdPerSqrtMin = checked(stateProcessSdPerSqrtMin, n, "state process sd", model);
    for (int i = 0; i < n; i++) {
      if (!(initialStateSd[i] > 0)) {
        throw new IllegalArgumentException("initial sd of state " + model.states().get(i).name() + " must be > 0");
      }
      if (stateProcessSdPerSqrtMin[i] < 0) {
        throw new IllegalArgumentException("process sd of state " + model.states().get(i).name() + " must be >= 0");
      }
    }
    for (double v : theta) {
      if (!(v > 0)) {
        throw new IllegalArgumentException("model " + model.id() + ": parameters must be > 0 (log-parameterised), got " + v);
      }
    }
    var seen = new java.util.HashSet<String>();
    for (EstimatedParameter p : estimated) {
      model.parameterIndex(p.name()); // fails naming the model's parameters
      if (!seen.add(p.name())) {
        throw new IllegalArgumentException("parameter " + p.name() + " is estimated twice");
      }
    }
    if (!Double.isFinite(startTimeMin)) {
      throw new IllegalArgumentException("start time must be finite");
    }
  }

  private static double[] checked(double[] a, int n, String what, PhysiologicalModel model) {
    if (a.length != n) {
      throw new IllegalArgumentException(what + " of model " + model.id() + " needs " + n + " values, got " + a.length);
    }
    for (double v : a) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException(what + " must be finite");
      }
    }
    return a.clone();
  }

  @Override
  public double[] theta() {
    return theta.clone();
  }

  @Override
  public double[] initialState() {
    return initialState.clone();
  }

  @Override
  public double[] initialStateSd() {
    return initialStateSd.clone();
  }

  @Override
  public double[] stateProcessSdPerSqrtMin() {
    return stateProcessSdPerSqrtMin.clone();
  }

  /** Dimension of the augmented state: states plus estimated parameters. */
  public int augmentedDimension() {
    return model.stateDimension() + estimated.size();
  }
}
