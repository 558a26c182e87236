package org.icutwin.server.fhir;

import jakarta.inject.Singleton;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationRequest.MedicationRequestStatus;
import org.icutwin.gateway.fhir.FhirOutMapper;
import org.icutwin.server.twin.TwinEvent;
import org.icutwin.server.twin.TwinState;

/**
 * A twin's proposals, orders and alerts as R4 resources, with the proposal's status following
 * what became of it: pending is {@code active}, accepted or modified {@code completed} (the order
 * carries on), rejected or expired {@code cancelled} with the reason in {@code statusReason}.
 */
@Singleton
public class TwinResources {

  private final TwinDocuments documents;
  private final FhirOutMapper mapper;

  public TwinResources(TwinDocuments documents, FhirOutMapper mapper) {
    this.documents = documents;
    this.mapper = mapper;
  }

  /** The proposal as a MedicationRequest (intent proposal); empty when it was withheld. */
  public Optional<MedicationRequest> proposal(String patientId, TwinState.ProposalRecord r) {
    return documents.proposal(patientId, r).map(mapper::proposal).map(mr -> withStatus(mr, r.status()));
  }

  /** The clinician's order (intent order, basedOn the proposal); empty unless accepted or modified. */
  public Optional<MedicationRequest> order(String patientId, TwinState.ProposalRecord r) {
    return documents.order(patientId, r).map(mapper::order);
  }

  public DetectedIssue alert(String patientId, TwinEvent.AlertRaised a) {
    return mapper.alert(documents.alert(patientId, a));
  }

  static MedicationRequest withStatus(MedicationRequest mr, String proposalStatus) {
    switch (proposalStatus) {
      case "PENDING" -> mr.setStatus(MedicationRequestStatus.ACTIVE);
      case "ACCEPTED", "MODIFIED" -> mr.setStatus(MedicationRequestStatus.COMPLETED);
      case "REJECTED" -> mr.setStatus(MedicationRequestStatus.CANCELLED)
          .setStatusReason(new CodeableConcept().setText("rejected by a clinician"));
      case "EXPIRED" -> mr.setStatus(MedicationRequestStatus.CANCELLED)
          .setStatusReason(new CodeableConcept().setText("expired before a clinician decided"));
      default -> mr.setStatus(MedicationRequestStatus.UNKNOWN);
    }
    return mr;
  }
}
