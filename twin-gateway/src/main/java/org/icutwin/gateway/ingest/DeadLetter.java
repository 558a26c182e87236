package org.icutwin.gateway.ingest;

import java.time.Instant;
import java.util.Objects;

/**
 * A refused message kept for inspection: what came, from where, why it was refused.
 *
 * @param receivedTime arrival time
 * @param source path
 * @param origin topic or FHIR endpoint it arrived on
 * @param deviceId sending device when known, else null
 * @param messageId message id when it could be read, else null
 * @param rejection reason and detail
 * @param payload the payload as received (truncated by the store if very large)
 */
public record DeadLetter(Instant receivedTime, Source source, String origin, String deviceId, String messageId,
    Rejection rejection, String payload) {

  public DeadLetter {
    Objects.requireNonNull(receivedTime, "receivedTime");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(rejection, "rejection");
    Objects.requireNonNull(payload, "payload");
  }
}
