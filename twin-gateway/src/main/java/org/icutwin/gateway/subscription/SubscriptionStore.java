package org.icutwin.gateway.subscription;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Port: durable subscriptions and their delivery state. {@link JdbcSubscriptionStore} implements it. */
public interface SubscriptionStore {

  /** Stores a new subscription, status requested, due at {@code now}. */
  void create(String id, String resourceJson, Instant now);

  Optional<SubscriptionState> find(String id);

  /** Every subscription, in creation order. */
  List<SubscriptionState> all();

  /** Removes a subscription and its events; false when it did not exist. */
  boolean delete(String id);

  /** A successful send: clears the failure state; moves a requested subscription to active. */
  void recordSuccess(String id, long deliveredUpTo, Instant now);

  /** A failed send: attempts, first failure time and the next attempt. */
  void recordFailure(String id, int attempts, Instant failingSince, Instant nextAttempt, String lastError);

  /** Sets the status and its reason (null clears it). */
  void setStatus(String id, SubscriptionStatus status, String error);

  /** Back to requested after an error or off: failure state cleared, due at {@code now}; events kept. */
  void reactivate(String id, Instant now);
}
