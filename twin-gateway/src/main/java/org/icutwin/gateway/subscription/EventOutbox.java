package org.icutwin.gateway.subscription;

import java.time.Instant;
import java.util.List;

/** Port: each subscription's durable, numbered event queue. {@link JdbcEventOutbox} implements it. */
public interface EventOutbox {

  /**
   * Appends an event and returns its number: the subscription's previous count plus one, assigned
   * atomically with the insert, so numbers have no gaps even under concurrent enqueues.
   *
   * @throws IllegalArgumentException when the subscription does not exist
   */
  long enqueue(String subscriptionId, Instant occurred, String focusType, String focusId, String focusJson);

  /** Up to {@code limit} events numbered above {@code afterNumber}, in number order. */
  List<SubscriptionEvent> after(String subscriptionId, long afterNumber, int limit);

  /** Events numbered {@code from} to {@code to} inclusive, in number order. */
  List<SubscriptionEvent> range(String subscriptionId, long from, long to);
}
