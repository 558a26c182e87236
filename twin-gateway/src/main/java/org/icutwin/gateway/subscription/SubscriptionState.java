package org.icutwin.gateway.subscription;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored subscription with its delivery state.
 *
 * @param id subscription id
 * @param resourceJson the Subscription as accepted (its canonical form is re-derived from it)
 * @param status current status
 * @param error why it is in error, or null
 * @param eventsSinceStart number of events created so far (= the last event number assigned)
 * @param lastDelivered highest event number acknowledged by the endpoint (events are delivered in
 *     order, so every number up to it was delivered)
 * @param attempts failed attempts since the last success
 * @param failingSince time of the first failure since the last success, or null
 * @param nextAttempt earliest time of the next delivery attempt
 * @param lastSent time of the last successful send of anything (for heartbeats), or null
 */
public record SubscriptionState(String id, String resourceJson, SubscriptionStatus status, String error,
    long eventsSinceStart, long lastDelivered, int attempts, Instant failingSince, Instant nextAttempt,
    Instant lastSent) {

  public SubscriptionState {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(resourceJson, "resourceJson");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(nextAttempt, "nextAttempt");
  }
}
