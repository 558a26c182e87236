package org.icutwin.control.twin;

import java.util.Objects;

/**
 * What the twin did with an observation or a dose.
 *
 * @param applied whether it changed the twin's estimate
 * @param reason a reason code when not applied (e.g. {@code GATE}, {@code BEFORE_ADMISSION},
 *     {@code CONTEXT_ONLY}), else empty
 * @param detail specifics for people
 */
public record ItemResult(boolean applied, String reason, String detail) {
  public ItemResult {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(detail, "detail");
  }

  static ItemResult ok() {
    return new ItemResult(true, "", "");
  }

  static ItemResult notApplied(String reason, String detail) {
    return new ItemResult(false, reason, detail);
  }
}
