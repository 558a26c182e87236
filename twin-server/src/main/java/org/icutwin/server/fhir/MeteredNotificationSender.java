package org.icutwin.server.fhir;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.net.URI;
import java.util.List;
import org.icutwin.gateway.subscription.CanonicalSubscription;
import org.icutwin.gateway.subscription.NotificationSender;
import org.icutwin.server.metrics.IcutwinMetrics;

/**
 * A notification sender that counts failed attempts in
 * {@code icutwin_subscriptions_delivery_failures_total}, tagged {@code timeout}, {@code refused}
 * (any other I/O failure) or {@code http_4xx}/{@code http_5xx}/{@code http_other}.
 */
final class MeteredNotificationSender implements NotificationSender {

  private final NotificationSender sender;
  private final IcutwinMetrics metrics;

  MeteredNotificationSender(NotificationSender sender, IcutwinMetrics metrics) {
    this.sender = sender;
    this.metrics = metrics;
  }

  @Override
  public int post(URI endpoint, List<CanonicalSubscription.Header> headers, String body) throws IOException {
    int status;
    try {
      status = sender.post(endpoint, headers, body);
    } catch (HttpTimeoutException e) {
      metrics.subscriptionDeliveryFailed("timeout");
      throw e;
    } catch (IOException e) {
      metrics.subscriptionDeliveryFailed("refused");
      throw e;
    }
    if (status < 200 || status >= 300) {
      metrics.subscriptionDeliveryFailed(status >= 500 && status < 600 ? "http_5xx"
          : status >= 400 && status < 500 ? "http_4xx" : "http_other");
    }
    return status;
  }
}
