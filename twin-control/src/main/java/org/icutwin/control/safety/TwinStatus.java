package org.icutwin.control.safety;

import java.util.Objects;
import java.util.OptionalDouble;
import org.icutwin.estimation.monitor.DriftStatus;

/**
 * What the twin knows about its own trustworthiness when a proposal is made.
 *
 * @param nowMin the twin's time now, minutes
 * @param controlledOutput model output the controller steers, e.g. "glucose", "map"
 * @param lastMeasurementTimeMin newest applied measurement of that output
 *     ({@code FilterTimeline.lastAppliedTime}); empty when none was ever applied
 * @param sensorIntervalMin how often the sensor behind that measurement reports
 *     ({@code FilterTimeline.sensorIntervalMin}); empty when not known
 * @param drift the drift monitor's status for that output ({@code FilterTimeline.drift(...).status()})
 * @param solver how the optimiser finished
 * @param prediction predicted min/max of the output over the horizon under the proposal
 * @param response which way more of the drug moves the controlled output; the envelope trusts it
 *     for {@link SafetyReason#DRIFT_ERRS_ON_SAFE_SIDE}, so it must be right: the recommender takes it
 *     from {@code MpcConfig.outputRisesWithRate}, which {@code ReasonDirectionTest} checks against each
 *     shipped model's predicted response. {@link OutputResponse#UNKNOWN} when not stated: a drift
 *     alert then withholds every change against the drug's safe direction
 */
public record TwinStatus(double nowMin, String controlledOutput, OptionalDouble lastMeasurementTimeMin,
    OptionalDouble sensorIntervalMin, DriftStatus drift, SolverStatus solver, PredictedRange prediction,
    OutputResponse response) {
  public TwinStatus {
    Objects.requireNonNull(controlledOutput, "controlledOutput");
    Objects.requireNonNull(lastMeasurementTimeMin, "lastMeasurementTimeMin: use OptionalDouble.empty()");
    Objects.requireNonNull(sensorIntervalMin, "sensorIntervalMin: use OptionalDouble.empty()");
    Objects.requireNonNull(drift, "drift");
    Objects.requireNonNull(solver, "solver");
    Objects.requireNonNull(prediction, "prediction");
    Objects.requireNonNull(response, "response: use OutputResponse.UNKNOWN");
  }

  /** Which way more of the drug moves the controlled output. */
  public enum OutputResponse {
    /** More drug, higher output (norepinephrine and MAP). */
    RISES_WITH_RATE,
    /** More drug, lower output (insulin and glucose). */
    FALLS_WITH_RATE,
    /** Not stated. */
    UNKNOWN
  }

  /** A status whose drug response is not stated. */
  public TwinStatus(double nowMin, String controlledOutput, OptionalDouble lastMeasurementTimeMin,
      OptionalDouble sensorIntervalMin, DriftStatus drift, SolverStatus solver, PredictedRange prediction) {
    this(nowMin, controlledOutput, lastMeasurementTimeMin, sensorIntervalMin, drift, solver, prediction,
        OutputResponse.UNKNOWN);
  }

  /**
   * The status given with a check that does not consult the twin (a clinician's dose, advice from
   * measurement rules): no measurement, no drift, no solver, no prediction.
   */
  public static TwinStatus notConsulted(double nowMin, String controlledOutput, String outputUnit) {
    return new TwinStatus(nowMin, controlledOutput, OptionalDouble.empty(), DriftStatus.IN_CONTROL,
        SolverStatus.CONVERGED, new PredictedRange(Double.NaN, Double.NaN, outputUnit));
  }

  /** A status whose sensor cadence is not known (the output policy's general age limit applies). */
  public TwinStatus(double nowMin, String controlledOutput, OptionalDouble lastMeasurementTimeMin, DriftStatus drift,
      SolverStatus solver, PredictedRange prediction) {
    this(nowMin, controlledOutput, lastMeasurementTimeMin, OptionalDouble.empty(), drift, solver, prediction);
  }
}
