package org.icutwin.control.twin;

import java.time.Instant;

/** The twin was asked about a time before data it has already applied; it keeps no past posteriors. */
public final class AsOfInPastException extends IllegalStateException {

  private static final long serialVersionUID = 1L;
  private final transient Instant appliedThrough;

  AsOfInPastException(Instant appliedThrough) {
    super("the twin has already applied data up to " + appliedThrough
        + "; ask as of that time or later");
    this.appliedThrough = appliedThrough;
  }

  /** The time of the twin's current estimate. */
  public Instant appliedThrough() {
    return appliedThrough;
  }
}
