package org.icutwin.gateway.ingest;

/**
 * Port: where accepted items are durably recorded before the message is acknowledged. Exactly
 * once per message id: a second item with the same id is {@link Outcome#DUPLICATE} and changes
 * nothing. When {@link #record} returns, the item survives a crash. Implemented by twin-server.
 */
public interface IngestStore {

  enum Outcome {
    RECORDED,
    DUPLICATE
  }

  Outcome record(IngestItem item);
}
