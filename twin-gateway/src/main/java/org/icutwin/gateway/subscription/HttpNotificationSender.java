package org.icutwin.gateway.subscription;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** {@link NotificationSender} over the JDK's {@link HttpClient}. */
public final class HttpNotificationSender implements NotificationSender {

  private final HttpClient client;
  private final Duration requestTimeout;

  public HttpNotificationSender(Duration connectTimeout, Duration requestTimeout) {
    this.client = HttpClient.newBuilder().connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER).build();
    this.requestTimeout = requestTimeout;
  }

  @Override
  public int post(URI endpoint, List<CanonicalSubscription.Header> headers, String body) throws IOException {
    HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(requestTimeout)
        .header("Content-Type", SubscriptionCanonicaliser.FHIR_JSON)
        .POST(HttpRequest.BodyPublishers.ofString(body));
    for (CanonicalSubscription.Header h : headers) {
      request.header(h.name(), h.value());
    }
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while sending to " + endpoint, e);
    }
  }
}
