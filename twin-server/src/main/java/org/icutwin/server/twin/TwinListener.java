package org.icutwin.server.twin;

/**
 * Told by a twin actor after an event is durably persisted: metrics, FHIR subscriptions, live
 * updates. Must not block (hand slow work to another thread) and must not throw.
 */
public interface TwinListener {

  void persisted(String patientId, TwinEvent event, TwinState state);

  /** A listener that does nothing. */
  TwinListener NONE = (p, e, s) -> { };
}
