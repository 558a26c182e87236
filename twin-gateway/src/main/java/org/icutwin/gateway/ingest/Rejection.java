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

  /**
   * {@link RejectReason#ID_CONFLICT} for the items under {@code ids} of one message or resource
   * ({@code container}, e.g. "message"), whose {@code others} other items were recorded.
   */
  public static Rejection idConflict(java.util.List<String> ids, int others, String container) {
    return new Rejection(RejectReason.ID_CONFLICT, "message id " + String.join(", ", ids) + " was recorded before with"
        + " different content (another value, time, code, device or patient), so this one was not recorded: give"
        + " each new measurement or dose a new id; a laboratory that corrects a result sends it again with"
        + " Observation.status corrected, amended or entered-in-error"
        + (others > 0 ? "; the " + container + "'s " + others + " other item(s) are recorded" : ""));
  }
}
