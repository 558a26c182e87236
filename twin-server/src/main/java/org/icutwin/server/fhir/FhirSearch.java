package org.icutwin.server.fhir;

import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Resource;
import org.icutwin.control.twin.PredictionPoint;
import org.icutwin.control.twin.TwinKind;
import org.icutwin.gateway.fhir.FhirOutMapper;
import org.icutwin.server.api.ApiException;
import org.icutwin.server.twin.PatientIndex;
import org.icutwin.server.twin.TwinCommand;
import org.icutwin.server.twin.TwinService;
import org.icutwin.server.twin.TwinState;

/**
 * The FHIR reads, answered from the patients' twins: MedicationRequests (proposals and orders),
 * DetectedIssues (alerts) and RiskAssessments (a forecast computed on request). A search names
 * one patient; a patient the server does not know gives an empty Bundle, as a search should.
 */
@Singleton
public class FhirSearch {

  /** How far a RiskAssessment looks ahead. */
  static final Duration FORECAST_HORIZON = Duration.ofHours(6);
  private static final Set<String> INTENTS = Set.of("proposal", "order");

  private final TwinService twins;
  private final PatientIndex index;
  private final TwinResources resources;
  private final TwinDocuments documents;
  private final FhirOutMapper mapper;
  private final SearchBundles bundles;

  public FhirSearch(TwinService twins, PatientIndex index, TwinResources resources, TwinDocuments documents,
      FhirOutMapper mapper, SearchBundles bundles) {
    this.twins = twins;
    this.index = index;
    this.resources = resources;
    this.documents = documents;
    this.mapper = mapper;
    this.bundles = bundles;
  }

  /** {@code patient} as {@code p1} or {@code Patient/p1}; required. */
  static String patientId(String patient) {
    if (patient == null || patient.isBlank()) {
      throw new ApiException(HttpStatus.BAD_REQUEST, "patient", "the search needs a patient (patient=Patient/{id})");
    }
    return patient.startsWith("Patient/") ? patient.substring("Patient/".length()) : patient;
  }

  /** MedicationRequest?patient=&intent=&status=. */
  public CompletableFuture<Bundle> medicationRequests(String patient, String intent, String status) {
    String id = patientId(patient);
    if (intent != null && !INTENTS.contains(intent)) {
      throw new ApiException(HttpStatus.BAD_REQUEST, "intent", "intent must be proposal or order, was '" + intent
          + "'");
    }
    if (status != null) {
      try {
        MedicationRequest.MedicationRequestStatus.fromCode(status);
      } catch (Exception e) {
        throw new ApiException(HttpStatus.BAD_REQUEST, "status", "status is not a MedicationRequest status: '"
            + status + "'");
      }
    }
    return proposals(id).thenCombine(summary(id), (list, summary) -> {
      boolean discharged = summary.map(TwinCommand.Summary::discharged).orElse(false);
      List<MedicationRequest> out = new ArrayList<>();
      for (TwinState.ProposalRecord r : list) {
        if (intent == null || intent.equals("proposal")) {
          resources.proposal(id, r).ifPresent(out::add);
        }
        if (intent == null || intent.equals("order")) {
          resources.order(id, r, list, discharged).ifPresent(out::add);
        }
      }
      return bundles.searchset(out.stream().filter(mr -> status == null || mr.getStatus().toCode().equals(status))
          .toList());
    });
  }

  /** MedicationRequest/{id}: a proposal or an order of any admitted patient. */
  public CompletableFuture<Optional<MedicationRequest>> medicationRequest(String id) {
    List<CompletableFuture<Optional<MedicationRequest>>> each = index.admittedIds().stream()
        .map(p -> proposals(p).thenApply(list -> find(p, list, id)))
        .toList();
    return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new)).thenApply(v -> each.stream()
        .map(CompletableFuture::join).flatMap(Optional::stream).findFirst());
  }

  private Optional<MedicationRequest> find(String patientId, List<TwinState.ProposalRecord> list, String id) {
    for (TwinState.ProposalRecord r : list) {
      if (r.proposalId().equals(id)) {
        return resources.proposal(patientId, r);
      }
      if (r.decision() != null && id.equals(r.decision().orderId())) {
        return resources.order(patientId, r, list);
      }
    }
    return Optional.empty();
  }

  /** DetectedIssue?patient=: the twin's alerts, oldest first. */
  public CompletableFuture<Bundle> detectedIssues(String patient) {
    String id = patientId(patient);
    return summary(id).thenApply(s -> bundles.searchset(s.map(x -> x.alerts().stream()
        .map(a -> (Resource) resources.alert(id, a, x.acknowledgements().get(a.alertId()))).toList())
        .orElse(List.of())));
  }

  /** RiskAssessment?patient=: a forecast of the controlled quantity from the newest data on. */
  public CompletableFuture<Bundle> riskAssessments(String patient) {
    String id = patientId(patient);
    return summary(id).thenCompose(s -> {
      if (s.isEmpty()) {
        return CompletableFuture.completedFuture(bundles.searchset(List.of()));
      }
      TwinCommand.Summary summary = s.get();
      return twins.<List<PredictionPoint>>ask(id, r -> new TwinCommand.GetForecast(null, FORECAST_HORIZON,
          Duration.ZERO, r), Duration.ZERO).thenApply(points -> bundles.searchset(documents.forecast(id,
              summary.admission(), points, basis(summary), summary.dataTime()).map(mapper::forecast)
          .map(ra -> List.of((Resource) ra)).orElse(List.of())));
    });
  }

  private static List<String> basis(TwinCommand.Summary s) {
    TwinState.Point latest = s.latest();
    String controlled = TwinKind.valueOf(s.admission().kind()).quantity();
    return latest != null && latest.applied() && latest.quantity().equals(controlled) ? List.of(latest.messageId())
        : List.of();
  }

  private CompletableFuture<List<TwinState.ProposalRecord>> proposals(String patientId) {
    return twins.ask(patientId, TwinCommand.GetProposals::new, Duration.ZERO);
  }

  /** The twin's summary, empty for a patient that was never admitted. */
  private CompletableFuture<Optional<TwinCommand.Summary>> summary(String patientId) {
    return twins.<TwinCommand.Summary>ask(patientId, TwinCommand.GetSummary::new, Duration.ZERO)
        .thenApply(Optional::of)
        .exceptionally(t -> {
          Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
          if (cause instanceof ApiException e && e.status() == HttpStatus.NOT_FOUND) {
            return Optional.empty();
          }
          throw cause instanceof RuntimeException r ? r : new CompletionException(cause);
        });
  }
}
