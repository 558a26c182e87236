package org.icutwin.gateway.ingest;

import java.util.Objects;

/**
 * A refusal with its reason and a specific, human-readable detail (which field, which value,
 * what was expected).
 */
public record Rejection(RejectReason reason, String detail) {

  public Rejection {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(detail, "detail");
  }
}
