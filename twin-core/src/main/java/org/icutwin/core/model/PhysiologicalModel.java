package org.icutwin.core.model;

import java.util.List;
import java.util.Optional;

/**
 * A mechanistic patient model dx/dt = f(x, u, θ, t), y = h(x, θ) + ε.
 *
 * <p>Time is in minutes throughout icutwin's models. {@code u} holds the current rates of the
 * {@link #rateInputs()} (piecewise constant: a rate change is an integration boundary, never a
 * branch inside f); boluses are state jumps through {@link #applyBolus}. θ holds the
 * {@link #parameters()} in order, on their natural (not log) scale.
 *
 * <p>Implementations are immutable and thread-safe; the array arguments belong to the caller,
 * are not retained, and only the output arrays are written. The array methods are the
 * estimators' hot path, hence primitive arrays.
 */
public interface PhysiologicalModel {

  /** Stable identifier, e.g. {@code "bergman-insulin"}. */
  String id();

  String description();

  StateLayout states();

  /** Piecewise-constant rate inputs; {@code u[i]} is the rate of {@code rateInputs().get(i)}. */
  List<InputChannel> rateInputs();

  /** Instantaneous inputs; channel i is applied by {@code applyBolus(i, ...)}. */
  List<InputChannel> bolusInputs();

  List<ParameterSpec> parameters();

  List<MeasurementSpec> measurements();

  /** Writes f(x, u, θ, t) into {@code dxdt}. */
  void derivative(double t, double[] x, double[] u, double[] theta, double[] dxdt);

  /** h_k(x, θ) for measurement {@code k}. */
  double measure(int k, double[] x, double[] theta);

  /**
   * How measurement {@code k} reads the state, when it is one state scaled by at most one
   * parameter ({@link Readout}); empty for any other h (the default). A declared readout must agree
   * with {@link #measure} for every x and θ (the model contract test checks it).
   */
  default Optional<Readout> readout(int k) {
    return Optional.empty();
  }

  /** Applies a bolus of {@code amount} (in the channel's unit) to {@code x} in place. */
  void applyBolus(int channel, double amount, double[] x, double[] theta);

  /** The state of an untreated patient at rest: the steady state under zero input. */
  double[] initialState(double[] theta);

  default int stateDimension() {
    return states().size();
  }

  /** Index of the named parameter; fails naming the model's parameters when absent. */
  default int parameterIndex(String name) {
    List<ParameterSpec> ps = parameters();
    for (int i = 0; i < ps.size(); i++) {
      if (ps.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException(
        "model " + id() + " has no parameter '" + name + "'; parameters are "
            + ps.stream().map(ParameterSpec::name).toList());
  }

  default int measurementIndex(String name) {
    List<MeasurementSpec> ms = measurements();
    for (int i = 0; i < ms.size(); i++) {
      if (ms.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException(
        "model " + id() + " has no measurement '" + name + "'; measurements are "
            + ms.stream().map(MeasurementSpec::name).toList());
  }

  static int indexOfChannel(List<InputChannel> channels, String name, String modelId) {
    for (int i = 0; i < channels.size(); i++) {
      if (channels.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException(
        "model " + modelId + " has no input '" + name + "'; inputs are "
            + channels.stream().map(InputChannel::name).toList());
  }
}
