package org.icutwin.server.fhir;

import ca.uhn.fhir.context.FhirContext;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.icutwin.gateway.fhir.CapabilityStatementFactory;
import org.icutwin.gateway.fhir.FhirIngest;
import org.icutwin.gateway.fhir.FhirIngestReader;
import org.icutwin.gateway.fhir.FhirOutMapper;
import org.icutwin.gateway.fhir.FhirR4;
import org.icutwin.gateway.fhir.FhirValidation;
import org.icutwin.gateway.fhir.OperationOutcomes;
import org.icutwin.gateway.ingest.CodeTable;
import org.icutwin.gateway.ingest.IngestStore;
import org.icutwin.gateway.ingest.Normaliser;
import org.icutwin.gateway.subscription.EventOutbox;
import org.icutwin.gateway.subscription.JdbcEventOutbox;
import org.icutwin.gateway.subscription.JdbcSubscriptionStore;
import org.icutwin.gateway.subscription.NotificationBundles;
import org.icutwin.gateway.subscription.SubscriptionService;
import org.icutwin.gateway.subscription.SubscriptionStore;
import org.icutwin.server.config.FhirSettings;
import org.icutwin.server.db.Db;
import org.icutwin.server.db.GatewaySchema;
import org.icutwin.server.db.JdbcDeadLetterStore;
import org.icutwin.server.metrics.IcutwinMetrics;

/** Wires twin-gateway's FHIR layer into the server: one context, the ingest path, subscriptions. */
@Factory
class FhirBeans {

  @Singleton
  FhirContext fhirContext() {
    return FhirR4.context();
  }

  @Singleton
  OperationOutcomes operationOutcomes(FhirContext context) {
    return new OperationOutcomes(context);
  }

  /** Built on first use: it loads the R4 definitions and takes seconds. */
  @Singleton
  FhirValidation fhirValidation(FhirContext context) {
    return new FhirValidation(context);
  }

  @Singleton
  FhirOutMapper fhirOutMapper() {
    return new FhirOutMapper();
  }

  @Singleton
  CapabilityStatementFactory capabilityStatementFactory() {
    return new CapabilityStatementFactory();
  }

  /** The POST path: records through the delivering store, so every new item reaches its twin. */
  @Singleton
  FhirIngest fhirIngest(FhirContext context, FhirValidation validation, Normaliser normaliser,
      @Named("delivering") IngestStore store, JdbcDeadLetterStore deadLetters, IcutwinMetrics metrics,
      OperationOutcomes outcomes, Clock clock) {
    return new FhirIngest(new FhirIngestReader(context, CodeTable.standard()), validation, normaliser, store,
        new MeteredDeadLetters(deadLetters, metrics), outcomes, clock);
  }

  @Singleton
  SubscriptionStore subscriptionStore(Db db, GatewaySchema schema) {
    return new JdbcSubscriptionStore(db.dataSource());
  }

  @Singleton
  EventOutbox eventOutbox(Db db, GatewaySchema schema) {
    return new JdbcEventOutbox(db.dataSource());
  }

  @Singleton
  NotificationBundles notificationBundles(FhirContext context, FhirSettings settings) {
    return new NotificationBundles(context, settings.baseUrl());
  }

  @Singleton
  SubscriptionService subscriptionService(FhirContext context, SubscriptionStore store, EventOutbox outbox,
      NotificationBundles bundles, OperationOutcomes outcomes, Clock clock, SubscriptionDelivery delivery) {
    return new SubscriptionService(context, store, outbox, bundles, outcomes, clock, delivery::wakeUp);
  }
}
