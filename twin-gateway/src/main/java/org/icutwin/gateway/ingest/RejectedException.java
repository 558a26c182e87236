package org.icutwin.gateway.ingest;

/** Thrown by parsers and the normaliser to refuse an input; carries the typed {@link Rejection}. */
public final class RejectedException extends Exception {

  private static final long serialVersionUID = 1L;
  private final transient Rejection rejection;

  public RejectedException(RejectReason reason, String detail) {
    super(reason + ": " + detail);
    this.rejection = new Rejection(reason, detail);
  }

  public Rejection rejection() {
    return rejection;
  }
}
