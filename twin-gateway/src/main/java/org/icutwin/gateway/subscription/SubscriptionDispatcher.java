package org.icutwin.gateway.subscription;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Delivers each subscription's outbox to its rest-hook endpoint: handshake first, then events
 * strictly in number order, at least once; heartbeats when a channel is quiet.
 *
 * <p>A failed send (no connection, timeout, non-2xx) is retried with exponential backoff from
 * {@link DeliverySettings#initialBackoff()} to {@link DeliverySettings#maxBackoff()}; when sends
 * have failed for longer than the horizon the subscription goes to {@code error} with the reason
 * stored, and stays there until reactivated. A success resets the backoff. All state is in the
 * store, so a new dispatcher over the same database carries on where an old one stopped; an event
 * that was sent but not yet marked delivered when the process died is sent again (receivers
 * de-duplicate by event number). Decisions use the injected {@link Clock}; only the poll loop
 * waits in real time. One dispatcher per database: two would both send.
 */
public final class SubscriptionDispatcher implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(SubscriptionDispatcher.class.getName());

  private final SubscriptionStore store;
  private final EventOutbox outbox;
  private final NotificationSender sender;
  private final NotificationBundles bundles;
  private final StoredSubscriptions stored;
  private final DeliverySettings settings;
  private final Clock clock;
  private ScheduledExecutorService executor;

  public SubscriptionDispatcher(SubscriptionStore store, EventOutbox outbox, NotificationSender sender,
      NotificationBundles bundles, ca.uhn.fhir.context.FhirContext context, DeliverySettings settings, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.outbox = Objects.requireNonNull(outbox, "outbox");
    this.sender = Objects.requireNonNull(sender, "sender");
    this.bundles = Objects.requireNonNull(bundles, "bundles");
    this.stored = new StoredSubscriptions(context);
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Starts the poll loop on its own thread. */
  public synchronized void start() {
    if (executor != null) {
      throw new IllegalStateException("already started");
    }
    executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "fhir-subscription-dispatcher");
      t.setDaemon(true);
      return t;
    });
    long every = settings.pollInterval().toMillis();
    executor.scheduleWithFixedDelay(this::runSafely, 0, every, TimeUnit.MILLISECONDS);
  }

  /** Asks for a pass soon (e.g. after an enqueue) instead of at the next poll. */
  public synchronized void wakeUp() {
    if (executor != null && !executor.isShutdown()) {
      executor.execute(this::runSafely);
    }
  }

  /** Stops the loop and waits for a pass in progress to end. */
  @Override
  public synchronized void close() {
    if (executor != null) {
      executor.shutdownNow();
      try {
        executor.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      executor = null;
    }
  }

  private void runSafely() {
    try {
      runOnce();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "subscription dispatch pass failed", e);
    }
  }

  /** One pass over every subscription that is due; returns how many sends succeeded. */
  public int runOnce() {
    int delivered = 0;
    for (SubscriptionState s : store.all()) {
      Instant now = clock.instant();
      boolean live = s.status() == SubscriptionStatus.REQUESTED || s.status() == SubscriptionStatus.ACTIVE;
      if (!live || s.nextAttempt().isAfter(now)) {
        continue;
      }
      delivered += step(s, now) ? 1 : 0;
    }
    return delivered;
  }

  private boolean step(SubscriptionState s, Instant now) {
    CanonicalSubscription sub = stored.canonical(s);
    if (s.status() == SubscriptionStatus.REQUESTED) {
      return send(sub, s, NotificationBundles.Type.HANDSHAKE, List.of(), s.lastDelivered(), now);
    }
    List<SubscriptionEvent> events = outbox.after(s.id(), s.lastDelivered(), settings.maxEventsPerNotification());
    if (!events.isEmpty()) {
      long last = events.get(events.size() - 1).eventNumber();
      return send(sub, s, NotificationBundles.Type.EVENT_NOTIFICATION, events, last, now);
    }
    Duration heartbeat = sub.heartbeatPeriod();
    Instant since = s.lastSent() == null ? now : s.lastSent();
    if (heartbeat != null && !now.isBefore(since.plus(heartbeat))) {
      return send(sub, s, NotificationBundles.Type.HEARTBEAT, List.of(), s.lastDelivered(), now);
    }
    return false;
  }

  private boolean send(CanonicalSubscription sub, SubscriptionState s, NotificationBundles.Type type,
      List<SubscriptionEvent> events, long deliveredUpTo, Instant now) {
    String body = bundles.notification(sub, s, type, events, now);
    String failure;
    try {
      int status = sender.post(sub.endpoint(), sub.headers(), body);
      if (status >= 200 && status < 300) {
        store.recordSuccess(s.id(), deliveredUpTo, now);
        return true;
      }
      failure = type.code + " to " + sub.endpoint() + " answered HTTP " + status;
    } catch (IOException e) {
      failure = type.code + " to " + sub.endpoint() + " failed: " + e;
    }
    fail(s, now, failure);
    return false;
  }

  private void fail(SubscriptionState s, Instant now, String failure) {
    Instant since = s.failingSince() == null ? now : s.failingSince();
    if (!now.isBefore(since.plus(settings.horizon()))) {
      store.setStatus(s.id(), SubscriptionStatus.ERROR, "deliveries failing since " + since + " (horizon "
          + settings.horizon() + "); last: " + failure);
      return;
    }
    int attempts = s.attempts() + 1;
    store.recordFailure(s.id(), attempts, since, now.plus(settings.backoffAfter(attempts)), failure);
  }
}
