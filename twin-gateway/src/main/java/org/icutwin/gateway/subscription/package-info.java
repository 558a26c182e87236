/**
 * Durable FHIR R4 rest-hook subscriptions: R4 Subscription to
 * {@link org.icutwin.gateway.subscription.CanonicalSubscription}, a numbered per-subscription
 * outbox in a relational database (plain JDBC over a {@code DataSource}; schema
 * {@code db/gateway/V100__fhir_subscriptions.sql}), at-least-once in-order delivery with backoff and a
 * horizon ({@link org.icutwin.gateway.subscription.SubscriptionDispatcher}), and the
 * Subscription endpoints including {@code $status} and {@code $events}
 * ({@link org.icutwin.gateway.subscription.SubscriptionService}). Notification Bundles follow the
 * Subscriptions Backport IG for R4. See docs/fhir.md.
 */
package org.icutwin.gateway.subscription;
