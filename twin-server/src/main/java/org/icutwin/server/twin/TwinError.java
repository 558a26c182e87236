package org.icutwin.server.twin;

/** A twin's refusal, typed so that the REST layer maps it to the right HTTP status. */
public final class TwinError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The kind of refusal. */
  public enum Kind {
    /** Unknown or discharged patient, unknown proposal (404). */
    NOT_FOUND,
    /** The request contradicts the twin's state (409). */
    CONFLICT,
    /** The request is malformed or incomplete (422). */
    INVALID,
    /** A clinician's dose breaks a hard limit (422, with the safety reasons). */
    UNSAFE,
    /** Data up to the requested time are not yet ingested (409, retry). */
    NOT_YET,
    /** The twin's computation failed; the twin is unchanged (500). */
    FAILED
  }

  private final Kind kind;

  public TwinError(Kind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
