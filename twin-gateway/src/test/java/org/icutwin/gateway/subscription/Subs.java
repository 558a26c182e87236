package org.icutwin.gateway.subscription;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Subscription;
import org.hl7.fhir.r4.model.UnsignedIntType;
import org.icutwin.gateway.fhir.FhirR4;
import org.icutwin.gateway.fhir.FhirResponse;
import org.icutwin.gateway.fhir.OperationOutcomes;

/** Builders and wiring for subscription tests. */
final class Subs {

  static final String BASE = "http://127.0.0.1:8080/fhir";

  private Subs() {
  }

  static Subscription subscription(URI endpoint, String criteria, String content) {
    Subscription s = new Subscription().setStatus(Subscription.SubscriptionStatus.REQUESTED)
        .setReason("twin proposals").setCriteria(criteria);
    s.getChannel().setType(Subscription.SubscriptionChannelType.RESTHOOK).setEndpoint(endpoint.toString());
    if (content != null) {
      s.getChannel().setPayload("application/fhir+json");
      s.getChannel().getPayloadElement().addExtension(SubscriptionCanonicaliser.PAYLOAD_CONTENT, new CodeType(content));
    }
    return s;
  }

  static Subscription withHeartbeat(Subscription s, int seconds) {
    s.getChannel().addExtension(SubscriptionCanonicaliser.HEARTBEAT_PERIOD, new UnsignedIntType(seconds));
    return s;
  }

  static String json(org.hl7.fhir.instance.model.api.IBaseResource r) {
    return FhirR4.context().newJsonParser().encodeResourceToString(r);
  }

  static MedicationRequest proposal(String id, String patient, MedicationRequest.MedicationRequestIntent intent) {
    MedicationRequest mr = new MedicationRequest().setStatus(MedicationRequest.MedicationRequestStatus.ACTIVE)
        .setIntent(intent).setSubject(new Reference("Patient/" + patient))
        .setMedication(new CodeableConcept(new Coding("http://www.nlm.nih.gov/research/umls/rxnorm", "5856", "insulin")));
    mr.setId(id);
    return mr;
  }

  static String idOf(FhirResponse created) {
    return FhirR4.context().newJsonParser().parseResource(Subscription.class, created.body()).getIdElement()
        .getIdPart();
  }

  /** Service and dispatcher over one database, as the server wires them. */
  static final class Harness implements AutoCloseable {
    final SubscriptionStore store;
    final SubscriptionService service;
    final SubscriptionDispatcher dispatcher;

    Harness(DataSource ds, Clock clock, DeliverySettings settings, NotificationSender sender) {
      this.store = new JdbcSubscriptionStore(ds);
      EventOutbox outbox = new JdbcEventOutbox(ds);
      NotificationBundles bundles = new NotificationBundles(FhirR4.context(), BASE);
      this.dispatcher = new SubscriptionDispatcher(store, outbox, sender, bundles, FhirR4.context(), settings, clock);
      this.service = new SubscriptionService(FhirR4.context(), store, outbox, bundles,
          new OperationOutcomes(FhirR4.context()), clock, dispatcher::wakeUp);
    }

    SubscriptionState state(String id) {
      return store.find(id).orElseThrow();
    }

    @Override
    public void close() {
      dispatcher.close();
    }
  }

  static DeliverySettings fast() {
    return new DeliverySettings(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofHours(24),
        Duration.ofMillis(20), 5);
  }

  static HttpNotificationSender http() {
    return new HttpNotificationSender(Duration.ofSeconds(2), Duration.ofSeconds(5));
  }
}
