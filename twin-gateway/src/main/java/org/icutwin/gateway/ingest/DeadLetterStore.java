package org.icutwin.gateway.ingest;

/** Port: durable store of refused messages. Implemented by twin-server. */
public interface DeadLetterStore {

  void store(DeadLetter letter);
}
