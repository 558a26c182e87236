package org.icutwin.gateway.subscription;

/** A database failure in the subscription store or outbox (wraps the JDBC exception). */
public final class StoreException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
