package org.icutwin.gateway.mqtt;

/**
 * The ingest or dead-letter store threw while a message was being handled: the message must not be
 * acknowledged, so that the broker delivers it again.
 */
public final class StoreUnavailableException extends Exception {

  private static final long serialVersionUID = 1L;

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
