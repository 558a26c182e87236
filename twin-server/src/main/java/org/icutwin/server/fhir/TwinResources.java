package org.icutwin.server.fhir;

import jakarta.inject.Singleton;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
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
 * carries on), rejected or expired {@code cancelled} with the reason in {@code statusReason}. An
 * order is {@code active} until the next order for the patient, then {@code stopped}.
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
    return documents.proposal(patientId, r).map(mapper::proposal).map(mr -> withStatus(mr, r));
  }

  /**
   * The clinician's order (intent order, basedOn the proposal); empty unless accepted or modified.
   * Active until a later order for the patient supersedes it: then {@code stopped}, naming the later
   * order ({@code all}: the patient's proposals).
   */
  public Optional<MedicationRequest> order(String patientId, TwinState.ProposalRecord r,
      List<TwinState.ProposalRecord> all) {
    return order(patientId, r, all, false);
  }

  /** As {@link #order(String, TwinState.ProposalRecord, List)}; a discharged patient's last order is stopped too. */
  public Optional<MedicationRequest> order(String patientId, TwinState.ProposalRecord r,
      List<TwinState.ProposalRecord> all, boolean discharged) {
    return documents.order(patientId, r).map(mapper::order).map(mr -> {
      Optional<TwinState.ProposalRecord> next = supersededBy(r, all);
      if (next.isPresent()) {
        mr.setStatus(MedicationRequestStatus.STOPPED).setStatusReason(new CodeableConcept().setText(
            "superseded by order " + next.get().decision().orderId() + " at " + next.get().decision().recordedAt()));
      } else if (discharged) {
        mr.setStatus(MedicationRequestStatus.STOPPED).setStatusReason(new CodeableConcept().setText(
            "the patient was discharged"));
      }
      return mr;
    });
  }

  /** The patient's newest order, which a discharge stops. */
  public static Optional<TwinState.ProposalRecord> lastOrder(List<TwinState.ProposalRecord> all) {
    return orders(all).max(BY_DECISION);
  }

  /** The first order decided after {@code r}'s, if any. */
  static Optional<TwinState.ProposalRecord> supersededBy(TwinState.ProposalRecord r, List<TwinState.ProposalRecord> all) {
    return isOrder(r) ? orders(all).filter(o -> BY_DECISION.compare(o, r) > 0).min(BY_DECISION) : Optional.empty();
  }

  /** The order decided last before {@code r}'s, which {@code r}'s order supersedes. */
  public static Optional<TwinState.ProposalRecord> previousOrder(TwinState.ProposalRecord r,
      List<TwinState.ProposalRecord> all) {
    return isOrder(r) ? orders(all).filter(o -> BY_DECISION.compare(o, r) < 0).max(BY_DECISION) : Optional.empty();
  }

  private static final Comparator<TwinState.ProposalRecord> BY_DECISION =
      Comparator.comparing(o -> o.decision().recordedAt());

  private static boolean isOrder(TwinState.ProposalRecord r) {
    return r.decision() != null && r.decision().orderId() != null;
  }

  private static Stream<TwinState.ProposalRecord> orders(List<TwinState.ProposalRecord> all) {
    return all.stream().filter(TwinResources::isOrder);
  }

  public DetectedIssue alert(String patientId, TwinEvent.AlertRaised a, TwinState.Acknowledgement ack) {
    return mapper.alert(documents.alert(patientId, a, ack));
  }

  static MedicationRequest withStatus(MedicationRequest mr, TwinState.ProposalRecord r) {
    switch (r.status()) {
      case "PENDING" -> mr.setStatus(MedicationRequestStatus.ACTIVE);
      case "ACCEPTED", "MODIFIED" -> mr.setStatus(MedicationRequestStatus.COMPLETED);
      case "REJECTED" -> mr.setStatus(MedicationRequestStatus.CANCELLED)
          .setStatusReason(new CodeableConcept().setText("rejected by a clinician" + (r.decision() == null
              || r.decision().reason() == null || r.decision().reason().isBlank() ? "" : ": " + r.decision().reason())));
      case "EXPIRED" -> mr.setStatus(MedicationRequestStatus.CANCELLED)
          .setStatusReason(new CodeableConcept().setText("expired before a clinician decided"));
      default -> mr.setStatus(MedicationRequestStatus.UNKNOWN);
    }
    return mr;
  }
}
