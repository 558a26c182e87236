package org.icutwin.gateway.subscription;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.StrictErrorHandler;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.hl7.fhir.r4.model.Subscription;
import org.icutwin.gateway.fhir.FhirResponse;
import org.icutwin.gateway.fhir.Issue;
import org.icutwin.gateway.fhir.OperationOutcomes;
import org.icutwin.gateway.ingest.RejectReason;
import org.icutwin.gateway.ingest.RejectedException;
import org.icutwin.gateway.ingest.Rejection;

/**
 * The Subscription endpoints without the web framework (create, read, delete, {@code $status},
 * {@code $events}) and {@link #publish}, which the server calls whenever it issues a resource that
 * subscriptions may watch.
 */
public final class SubscriptionService {

  /** Most events one {@code $events} call returns. */
  public static final int MAX_EVENTS_PER_QUERY = 1000;

  private final FhirContext context;
  private final SubscriptionStore store;
  private final EventOutbox outbox;
  private final NotificationBundles bundles;
  private final OperationOutcomes outcomes;
  private final StoredSubscriptions stored;
  private final SubscriptionCanonicaliser canonicaliser = new SubscriptionCanonicaliser();
  private final Clock clock;
  private final Runnable onEnqueue;

  /** {@code onEnqueue} runs after {@link #publish} enqueued something (e.g. the dispatcher's wakeUp). */
  public SubscriptionService(FhirContext context, SubscriptionStore store, EventOutbox outbox,
      NotificationBundles bundles, OperationOutcomes outcomes, Clock clock, Runnable onEnqueue) {
    this.context = Objects.requireNonNull(context, "context");
    this.store = Objects.requireNonNull(store, "store");
    this.outbox = Objects.requireNonNull(outbox, "outbox");
    this.bundles = Objects.requireNonNull(bundles, "bundles");
    this.outcomes = Objects.requireNonNull(outcomes, "outcomes");
    this.stored = new StoredSubscriptions(context);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.onEnqueue = onEnqueue == null ? () -> { } : onEnqueue;
  }

  /** POST /fhir/Subscription: 201 with the stored Subscription (new id, status requested), or a refusal. */
  public FhirResponse create(String json) {
    Subscription s;
    try {
      IBaseResource parsed = context.newJsonParser().setParserErrorHandler(new StrictErrorHandler())
          .parseResource(json);
      if (!(parsed instanceof Subscription sub)) {
        return outcomes.refused(new Rejection(RejectReason.SCHEMA_VIOLATION, "POST /fhir/Subscription takes a "
            + "Subscription, the body is a " + parsed.fhirType()), null);
      }
      s = sub;
    } catch (DataFormatException e) {
      return outcomes.refused(new Rejection(RejectReason.INVALID_FHIR, e.getMessage()), null);
    }
    String id = UUID.randomUUID().toString();
    try {
      canonicaliser.canonicalise(s, id);
    } catch (RejectedException e) {
      return outcomes.refused(e.rejection(), "Subscription");
    }
    s.setId(id);
    s.setStatus(Subscription.SubscriptionStatus.REQUESTED);
    s.setError(null);
    String stored = context.newJsonParser().encodeResourceToString(s);
    store.create(id, stored, clock.instant());
    onEnqueue.run();
    return new FhirResponse(201, stored);
  }

  /** GET /fhir/Subscription/{id}: the Subscription with its current status and error. */
  public FhirResponse read(String id) {
    return store.find(id).map(st -> outcomes.ok(200, current(st))).orElseGet(() -> outcomes.notFound("Subscription",
        id));
  }

  /** DELETE /fhir/Subscription/{id}: removes it and its outbox. */
  public FhirResponse delete(String id) {
    if (!store.delete(id)) {
      return outcomes.notFound("Subscription", id);
    }
    return outcomes.response(200, List.of(new Issue(org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity.INFORMATION,
        IssueType.INFORMATIONAL, "Subscription/" + id + " deleted", null)));
  }

  /** Puts a subscription in error or off back to requested: handshake again, then the kept events. */
  public FhirResponse reactivate(String id) {
    if (store.find(id).isEmpty()) {
      return outcomes.notFound("Subscription", id);
    }
    store.reactivate(id, clock.instant());
    onEnqueue.run();
    return read(id);
  }

  /** GET /fhir/Subscription/{id}/$status. */
  public FhirResponse status(String id) {
    return store.find(id).map(st -> new FhirResponse(200, bundles.statusSearch(stored.canonical(st), st,
        clock.instant()))).orElseGet(() -> outcomes.notFound("Subscription", id));
  }

  /**
   * GET /fhir/Subscription/{id}/$events?eventsSinceNumber=&eventsUntilNumber=: the events in the
   * range (defaults: 1 and the latest), at most {@link #MAX_EVENTS_PER_QUERY}, as a history Bundle.
   */
  public FhirResponse events(String id, Long sinceNumber, Long untilNumber) {
    var found = store.find(id);
    if (found.isEmpty()) {
      return outcomes.notFound("Subscription", id);
    }
    SubscriptionState st = found.get();
    long from = sinceNumber == null ? 1 : sinceNumber;
    long to = untilNumber == null ? st.eventsSinceStart() : untilNumber;
    if (from < 1 || to < from) {
      return outcomes.refused(new Rejection(RejectReason.SCHEMA_VIOLATION, "need 1 <= eventsSinceNumber <= "
          + "eventsUntilNumber, was " + from + " and " + to), null);
    }
    to = Math.min(to, from + MAX_EVENTS_PER_QUERY - 1);
    List<SubscriptionEvent> events = outbox.range(id, from, to);
    return new FhirResponse(200, bundles.notification(stored.canonical(st), st, NotificationBundles.Type.QUERY_EVENT,
        events, clock.instant()));
  }

  /**
   * Records an event for every live subscription whose criteria match {@code focus} (requested,
   * active or error: nothing is lost while an endpoint is down); returns how many.
   */
  public int publish(Resource focus) {
    Map<String, String> values = searchValues(focus);
    String json = context.newJsonParser().encodeResourceToString(focus);
    String focusId = focus.getIdElement().getIdPart();
    Objects.requireNonNull(focusId, "the published resource needs an id");
    Instant now = clock.instant();
    int n = 0;
    for (SubscriptionState st : store.all()) {
      if (st.status() == SubscriptionStatus.OFF) {
        continue;
      }
      if (stored.canonical(st).criteria().matches(focus.fhirType(), values)) {
        outbox.enqueue(st.id(), now, focus.fhirType(), focusId, json);
        n++;
      }
    }
    if (n > 0) {
      onEnqueue.run();
    }
    return n;
  }

  /** The search parameter values subscriptions can filter on. */
  static Map<String, String> searchValues(Resource r) {
    Map<String, String> v = new HashMap<>();
    if (r instanceof MedicationRequest mr) {
      put(v, "patient", mr.getSubject());
      if (mr.hasIntent()) {
        v.put("intent", mr.getIntent().toCode());
      }
      if (mr.hasStatus()) {
        v.put("status", mr.getStatus().toCode());
      }
    } else if (r instanceof DetectedIssue di) {
      put(v, "patient", di.getPatient());
    } else if (r instanceof RiskAssessment ra) {
      put(v, "patient", ra.getSubject());
    }
    return v;
  }

  private static void put(Map<String, String> v, String name, Reference ref) {
    if (ref != null && "Patient".equals(ref.getReferenceElement().getResourceType())) {
      v.put(name, ref.getReferenceElement().getIdPart());
    }
  }

  private Subscription current(SubscriptionState st) {
    Subscription s = stored.resource(st);
    s.setStatus(Subscription.SubscriptionStatus.fromCode(st.status().code));
    s.setError(st.status() == SubscriptionStatus.ERROR ? st.error() : null);
    return s;
  }
}
