package org.icutwin.gateway.subscription;

/** Subscription status (FHIR subscription-status codes). */
public enum SubscriptionStatus {
  /** Created; waiting for a successful handshake. */
  REQUESTED("requested"),
  /** Handshake done; events are delivered. */
  ACTIVE("active"),
  /** Delivery failed for longer than the horizon; nothing is sent until it is reactivated. */
  ERROR("error"),
  /** Switched off by the server or the client. */
  OFF("off");

  public final String code;

  SubscriptionStatus(String code) {
    this.code = code;
  }
}
