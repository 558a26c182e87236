package org.icutwin.gateway.subscription;

import java.time.Instant;
import java.util.Objects;

/**
 * One event in a subscription's outbox.
 *
 * @param subscriptionId subscription
 * @param eventNumber 1, 2, 3, ... per subscription, assigned at enqueue time, without gaps
 * @param occurred when the event happened
 * @param focusType resource type of the focus, e.g. {@code MedicationRequest}
 * @param focusId id of the focus
 * @param focusJson the focus resource as it was when the event happened
 */
public record SubscriptionEvent(String subscriptionId, long eventNumber, Instant occurred, String focusType,
    String focusId, String focusJson) {

  public SubscriptionEvent {
    Objects.requireNonNull(subscriptionId, "subscriptionId");
    Objects.requireNonNull(occurred, "occurred");
    Objects.requireNonNull(focusType, "focusType");
    Objects.requireNonNull(focusId, "focusId");
    Objects.requireNonNull(focusJson, "focusJson");
  }
}
