package org.icutwin.server.fhir;

import org.icutwin.gateway.ingest.DeadLetter;
import org.icutwin.gateway.ingest.DeadLetterStore;
import org.icutwin.server.metrics.IcutwinMetrics;

/**
 * A dead-letter store that also counts each refusal in {@code icutwin_observations_rejected_total}
 * by source and reason: every refusal at the edge is dead-lettered exactly once.
 */
final class MeteredDeadLetters implements DeadLetterStore {

  private final DeadLetterStore store;
  private final IcutwinMetrics metrics;

  MeteredDeadLetters(DeadLetterStore store, IcutwinMetrics metrics) {
    this.store = store;
    this.metrics = metrics;
  }

  @Override
  public void store(DeadLetter letter) {
    store.store(letter);
    metrics.observationRejected(letter.source(), letter.rejection().reason());
  }
}
