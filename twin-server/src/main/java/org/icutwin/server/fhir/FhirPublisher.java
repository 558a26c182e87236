package org.icutwin.server.fhir;

import jakarta.inject.Singleton;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.Resource;
import org.icutwin.gateway.fhir.FhirOutMapper;
import org.icutwin.gateway.subscription.SubscriptionService;
import org.icutwin.server.twin.TwinEvent;
import org.icutwin.server.twin.TwinListener;
import org.icutwin.server.twin.TwinState;
import org.icutwin.server.twin.listen.ListenerExecutor;

/**
 * Publishes what twins issue to the FHIR subscriptions: a new proposal as its MedicationRequest
 * (intent proposal), an accepted or modified one as the clinician's order (intent order), a safety
 * alert as a DetectedIssue. Withheld proposals and rejections publish nothing (the withheld
 * proposal's alert is published).
 *
 * <p>On the actor's thread it only reads the state into immutable documents; encoding and the
 * outbox write run on the {@link ListenerExecutor}, so the actor never waits for the database.
 */
@Singleton
public class FhirPublisher implements TwinListener {

  private final TwinDocuments documents;
  private final FhirOutMapper mapper;
  private final SubscriptionService subscriptions;
  private final ListenerExecutor executor;
  private final TwinResources resources;

  public FhirPublisher(TwinDocuments documents, FhirOutMapper mapper, SubscriptionService subscriptions,
      ListenerExecutor executor, TwinResources resources) {
    this.resources = resources;
    this.documents = documents;
    this.mapper = mapper;
    this.subscriptions = subscriptions;
    this.executor = executor;
  }

  @Override
  public void persisted(String patientId, TwinEvent event, TwinState state) {
    if (event instanceof TwinEvent.RecommendationIssued r) {
      state.proposal(r.proposalId()).flatMap(p -> documents.proposal(patientId, p))
          .ifPresent(doc -> publish("MedicationRequest/" + doc.proposalId(), () -> mapper.proposal(doc)));
    } else if (event instanceof TwinEvent.RecommendationDecided d) {
      state.proposal(d.proposalId()).ifPresent(p -> {
        documents.order(patientId, p)
            .ifPresent(doc -> publish("MedicationRequest/" + doc.orderId(), () -> mapper.order(doc)));
        // The order it supersedes is now stopped: its subscribers hear of that too.
        TwinResources.previousOrder(p, state.proposals()).ifPresent(prev -> publishOrder(patientId, prev, state, false));
      });
    } else if (event instanceof TwinEvent.Discharged) {
      // A discharge stops the patient's last order: its subscribers hear of it.
      TwinResources.lastOrder(state.proposals()).ifPresent(last -> publishOrder(patientId, last, state, true));
    } else if (event instanceof TwinEvent.AlertRaised a) {
      var doc = documents.alert(patientId, a, null);
      publish("DetectedIssue/" + doc.alertId(), () -> mapper.alert(doc));
    } else if (event instanceof TwinEvent.AlertAcknowledged k) {
      // The DetectedIssue again, now with its mitigation: subscribers hear that it was dealt with.
      state.alert(k.alertId()).ifPresent(a -> {
        var doc = documents.alert(patientId, a, state.acknowledgements().get(k.alertId()));
        publish("DetectedIssue/" + doc.alertId(), () -> mapper.alert(doc));
      });
    }
  }

  /** An order as it stands now (stopped when superseded, or on discharge). */
  private void publishOrder(String patientId, TwinState.ProposalRecord r, TwinState state, boolean discharged) {
    resources.order(patientId, r, state.proposals(), discharged)
        .ifPresent(mr -> publish("MedicationRequest/" + r.decision().orderId(), () -> mr));
  }

  private void publish(String what, Supplier<Resource> resource) {
    executor.submit("publishing " + what, () -> subscriptions.publish(resource.get()));
  }
}
