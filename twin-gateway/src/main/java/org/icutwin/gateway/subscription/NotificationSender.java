package org.icutwin.gateway.subscription;

import java.io.IOException;
import java.net.URI;
import java.util.List;

/** Port: POSTs one notification to a rest-hook endpoint. */
public interface NotificationSender {

  /**
   * Sends {@code body} as {@code application/fhir+json} with the subscription's headers.
   *
   * @return the HTTP status code (2xx = delivered)
   * @throws IOException when the endpoint cannot be reached or does not answer in time
   */
  int post(URI endpoint, List<CanonicalSubscription.Header> headers, String body) throws IOException;
}
