package org.icutwin.gateway.subscription;

import ca.uhn.fhir.context.FhirContext;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.icutwin.gateway.subscription.CanonicalSubscription.Content;

/**
 * Builds notification Bundles as the Subscriptions Backport IG describes them for R4: a history
 * Bundle whose first entry is a SubscriptionStatus Parameters resource (subscription, topic,
 * status, type, events-since-subscription-start, one notification-event per event with its number,
 * timestamp and focus), followed by the focus resources (full-resource), their URLs only (id-only)
 * or nothing (empty). Event numbers are strings, as the IG has them for R4 (no integer64).
 */
public final class NotificationBundles {

  /** Topic URL given for subscriptions on a resource type (icutwin has no SubscriptionTopic resources). */
  public static String topicFor(String resourceType) {
    return "urn:icutwin:fhir:topic:" + resourceType;
  }

  private final FhirContext context;
  private final String baseUrl;

  /** {@code baseUrl} is the server's FHIR base (for fullUrls), e.g. {@code http://localhost:8080/fhir}. */
  public NotificationBundles(FhirContext context, String baseUrl) {
    this.context = context;
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  /** Kind of notification (Backport IG notification-type). */
  public enum Type {
    HANDSHAKE("handshake"), HEARTBEAT("heartbeat"), EVENT_NOTIFICATION("event-notification"),
    QUERY_STATUS("query-status"), QUERY_EVENT("query-event");

    public final String code;

    Type(String code) {
      this.code = code;
    }
  }

  /** A notification (handshake, heartbeat, event-notification) or a $events answer, as JSON. */
  public String notification(CanonicalSubscription sub, SubscriptionState state, Type type,
      List<SubscriptionEvent> events, Instant now) {
    Bundle b = new Bundle().setType(Bundle.BundleType.HISTORY);
    b.setTimestamp(Date.from(now));
    Parameters status = status(sub, state, type, events);
    BundleEntryComponent first = b.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID()).setResource(status);
    first.getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("Subscription/" + sub.id() + "/$status");
    first.getResponse().setStatus("200");
    if (sub.content() != Content.EMPTY) {
      for (SubscriptionEvent e : events) {
        BundleEntryComponent entry = b.addEntry().setFullUrl(fullUrl(e));
        if (sub.content() == Content.FULL_RESOURCE) {
          entry.setResource((Resource) context.newJsonParser().parseResource(e.focusJson()));
        }
        entry.getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl(e.focusType() + "/" + e.focusId());
        entry.getResponse().setStatus("200");
      }
    }
    return context.newJsonParser().encodeResourceToString(b);
  }

  /** The $status answer: a searchset Bundle with the subscription's status Parameters. */
  public String statusSearch(CanonicalSubscription sub, SubscriptionState state, Instant now) {
    Bundle b = new Bundle().setType(Bundle.BundleType.SEARCHSET).setTotal(1);
    b.setTimestamp(Date.from(now));
    BundleEntryComponent entry = b.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID())
        .setResource(status(sub, state, Type.QUERY_STATUS, List.of()));
    entry.getSearch().setMode(Bundle.SearchEntryMode.MATCH);
    return context.newJsonParser().encodeResourceToString(b);
  }

  private Parameters status(CanonicalSubscription sub, SubscriptionState state, Type type,
      List<SubscriptionEvent> events) {
    Parameters p = new Parameters();
    p.setId(UUID.randomUUID().toString());
    p.addParameter().setName("subscription").setValue(new Reference(baseUrl + "/Subscription/" + sub.id()));
    p.addParameter().setName("topic").setValue(new CanonicalType(topicFor(sub.criteria().resourceType())));
    p.addParameter().setName("status").setValue(new CodeType(state.status().code));
    p.addParameter().setName("type").setValue(new CodeType(type.code));
    p.addParameter().setName("events-since-subscription-start")
        .setValue(new StringType(Long.toString(state.eventsSinceStart())));
    for (SubscriptionEvent e : events) {
      Parameters.ParametersParameterComponent ev = p.addParameter().setName("notification-event");
      ev.addPart().setName("event-number").setValue(new StringType(Long.toString(e.eventNumber())));
      ev.addPart().setName("timestamp").setValue(new InstantType(Date.from(e.occurred())));
      if (sub.content() != Content.EMPTY) {
        ev.addPart().setName("focus").setValue(new Reference(fullUrl(e)));
      }
    }
    if (state.status() == SubscriptionStatus.ERROR && state.error() != null) {
      p.addParameter().setName("error").setValue(new CodeableConcept().setText(state.error()));
    }
    return p;
  }

  private String fullUrl(SubscriptionEvent e) {
    return baseUrl + "/" + e.focusType() + "/" + e.focusId();
  }
}
