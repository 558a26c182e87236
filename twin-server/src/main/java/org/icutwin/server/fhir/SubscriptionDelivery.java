package org.icutwin.server.fhir;

import ca.uhn.fhir.context.FhirContext;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import org.icutwin.gateway.subscription.DeliverySettings;
import org.icutwin.gateway.subscription.EventOutbox;
import org.icutwin.gateway.subscription.HttpNotificationSender;
import org.icutwin.gateway.subscription.NotificationBundles;
import org.icutwin.gateway.subscription.SubscriptionDispatcher;
import org.icutwin.gateway.subscription.SubscriptionStore;
import org.icutwin.server.config.FhirSettings;
import org.icutwin.server.metrics.IcutwinMetrics;

/**
 * The server's one {@link SubscriptionDispatcher}: started when the application has started,
 * closed when the context shuts down (before the database pool, which it depends on).
 *
 * <p>One per server process and database, as the dispatcher requires. In a multi-node cluster on
 * one database every node would run one, and both would send: see docs/fhir.md.
 */
@Singleton
public class SubscriptionDelivery implements ApplicationEventListener<StartupEvent> {

  private final SubscriptionDispatcher dispatcher;

  public SubscriptionDelivery(SubscriptionStore store, EventOutbox outbox, NotificationBundles bundles,
      FhirContext context, FhirSettings settings, IcutwinMetrics metrics, Clock clock) {
    DeliverySettings d = DeliverySettings.defaults();
    Duration initial = settings.initialBackoff();
    DeliverySettings delivery = new DeliverySettings(initial,
        d.maxBackoff().compareTo(initial) < 0 ? initial : d.maxBackoff(), d.horizon(), settings.pollInterval(),
        d.maxEventsPerNotification());
    this.dispatcher = new SubscriptionDispatcher(store, outbox,
        new MeteredNotificationSender(new HttpNotificationSender(settings.connectTimeout(), settings.requestTimeout()),
            metrics),
        bundles, context, delivery, clock);
  }

  @Override
  public void onApplicationEvent(StartupEvent event) {
    dispatcher.start();
  }

  /** Asks the dispatcher for a pass now (after a create or an enqueue); a no-op before start. */
  public void wakeUp() {
    dispatcher.wakeUp();
  }

  @PreDestroy
  void close() {
    dispatcher.close();
  }
}
