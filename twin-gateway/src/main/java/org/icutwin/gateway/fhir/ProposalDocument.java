package org.icutwin.gateway.fhir;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A dosing proposal as the server hands it to the FHIR mapper (becomes a MedicationRequest with
 * intent=proposal). Gateway-side on purpose: the server maps its own recommendation into this.
 *
 * @param proposalId id of the proposal (the MedicationRequest id)
 * @param patientId patient
 * @param drug drug library id, e.g. {@code "insulin"}
 * @param drugDisplay human-readable drug name
 * @param kind a rate or a single dose
 * @param value proposed rate or dose, in {@code unit}
 * @param unit UCUM unit, e.g. {@code [iU]/h}, {@code ug/kg/min}, {@code mg}
 * @param issued when the proposal was made
 * @param expires after this the proposal must not be acted on
 * @param reasons why, as codes with text (e.g. {@code glucose-above-band})
 * @param observationIds ids of the Observations the twin used
 * @param predicted the outcome the twin predicts if the proposal is followed, or null
 * @param modelId model that made it, e.g. {@code bergman-insulin}
 * @param modelVersion version of that model and its parameters
 * @param twinDeviceId id of the twin's Device resource (the requester)
 */
public record ProposalDocument(String proposalId, String patientId, String drug, String drugDisplay, DoseKind kind,
    double value, String unit, Instant issued, Instant expires, List<Reason> reasons, List<String> observationIds,
    PredictedRange predicted, String modelId, String modelVersion, String twinDeviceId) {

  /** Rate (per time) or a single dose. */
  public enum DoseKind {
    RATE,
    DOSE
  }

  /** A coded reason with its explanation. */
  public record Reason(String code, String text) {
  }

  /**
   * A predicted outcome interval.
   *
   * @param quantity what is predicted, e.g. {@code "glucose"}
   * @param low lower bound in {@code unit}
   * @param high upper bound in {@code unit}
   * @param unit UCUM unit
   * @param at the time the prediction is for
   */
  public record PredictedRange(String quantity, double low, double high, String unit, Instant at) {
  }

  public ProposalDocument {
    Objects.requireNonNull(proposalId, "proposalId");
    Objects.requireNonNull(patientId, "patientId");
    Objects.requireNonNull(drug, "drug");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(issued, "issued");
    Objects.requireNonNull(expires, "expires");
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(modelVersion, "modelVersion");
    Objects.requireNonNull(twinDeviceId, "twinDeviceId");
    reasons = List.copyOf(reasons);
    observationIds = List.copyOf(observationIds);
    if (!Double.isFinite(value) || value < 0) {
      throw new IllegalArgumentException("proposal " + proposalId + ": value must be finite and >= 0, was " + value);
    }
  }
}
