package org.icutwin.estimation.filter;

import org.icutwin.estimation.Observation;

/**
 * An observer that keeps a twin's augmented state (latent states and log-parameters) in step
 * with data: predict to a time under constant inputs, apply boluses, update with observations.
 *
 * <p>Owned by one twin: implementations keep work buffers and are not thread-safe.
 * {@link #copy()} gives an independent deep copy (checkpoints, what-if forecasts).
 */
public interface StateEstimator {

  double timeMin();

  Estimate estimate();

  /** Propagates the posterior to {@code toTimeMin} ≥ {@link #timeMin()} under constant model rates. */
  void predict(double toTimeMin, double[] rates);

  /** Applies a bolus through the model's bolus channel at the current time. */
  void applyBolus(int channel, double amount);

  /**
   * Updates with an observation taken at the current time, unless its normalised innovation
   * squared exceeds {@code nisGate} (use {@code Double.POSITIVE_INFINITY} for no gate).
   */
  UpdateOutcome update(Observation observation, double nisGate);

  /** Mean and variance (without measurement noise) of output {@code k} at the current time. */
  double[] predictMeasurement(int k);

  /** An independent deep copy. */
  StateEstimator copy();

  /**
   * The posterior mean alone, as an estimator that carries it forward through the model with no
   * spread (variance 0, no process noise) and takes no updates: the nominal trajectory a
   * controller differentiates for the sensitivity of a prediction to its moves. Independent of
   * this estimator.
   */
  StateEstimator nominalPath();

  /** The posterior as plain numbers (for snapshots); {@link #withState} restores it bit for bit. */
  FilterState exportState();

  /**
   * An independent estimator like this one (same model, setup and settings) holding {@code state}.
   *
   * @throws IllegalArgumentException when the state's dimension is not this filter's
   */
  StateEstimator withState(FilterState state);
}
