package org.icutwin.gateway.subscription;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Subscription;
import org.icutwin.gateway.ingest.RejectedException;

/** Re-derives the canonical form of a stored subscription from its stored resource. */
final class StoredSubscriptions {

  private final FhirContext context;
  private final SubscriptionCanonicaliser canonicaliser = new SubscriptionCanonicaliser();

  StoredSubscriptions(FhirContext context) {
    this.context = context;
  }

  Subscription resource(SubscriptionState state) {
    return context.newJsonParser().parseResource(Subscription.class, state.resourceJson());
  }

  CanonicalSubscription canonical(SubscriptionState state) {
    try {
      return canonicaliser.canonicalise(resource(state), state.id());
    } catch (RejectedException e) {
      throw new IllegalStateException("stored subscription " + state.id() + " no longer canonicalises: "
          + e.getMessage(), e);
    }
  }
}
