package org.icutwin.gateway.fhir;

import java.time.Instant;
import java.util.Objects;

/**
 * A clinician's decision to act on a proposal, accepted as is or modified (becomes a
 * MedicationRequest with intent=order, basedOn the proposal). Rejections create no order.
 *
 * @param orderId id of the order
 * @param proposalId the proposal it is based on
 * @param patientId patient
 * @param drug drug library id
 * @param drugDisplay human-readable drug name
 * @param kind rate or dose
 * @param decision accepted or modified
 * @param clinicianId the ordering practitioner
 * @param value final rate or dose in {@code unit}
 * @param unit UCUM unit
 * @param authored when the clinician decided
 * @param reason the clinician's reason (required for a modification), or null
 */
public record OrderDocument(String orderId, String proposalId, String patientId, String drug, String drugDisplay,
    ProposalDocument.DoseKind kind, Decision decision, String clinicianId, double value, String unit, Instant authored,
    String reason) {

  /** What the clinician did with the proposal. */
  public enum Decision {
    ACCEPT,
    MODIFY
  }

  public OrderDocument {
    Objects.requireNonNull(orderId, "orderId");
    Objects.requireNonNull(proposalId, "proposalId");
    Objects.requireNonNull(patientId, "patientId");
    Objects.requireNonNull(drug, "drug");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(clinicianId, "clinicianId");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(authored, "authored");
    if (decision == Decision.MODIFY && (reason == null || reason.isBlank())) {
      throw new IllegalArgumentException("order " + orderId + ": a modification needs a reason");
    }
    if (!Double.isFinite(value) || value < 0) {
      throw new IllegalArgumentException("order " + orderId + ": value must be finite and >= 0, was " + value);
    }
  }
}
