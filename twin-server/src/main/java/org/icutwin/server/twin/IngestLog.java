package org.icutwin.server.twin;

import java.time.Instant;
import java.util.List;
import org.icutwin.gateway.ingest.IngestItem;

/**
 * Reads back what the ingest store durably recorded for a patient, so a twin that crashed between
 * the store's write and its own journal write catches up on recovery.
 */
public interface IngestLog {

  /** Items of {@code patientId} received at or after {@code from}, in the order received. */
  List<IngestItem> receivedSince(String patientId, Instant from);

  /** An empty log (tests without a database). */
  IngestLog NONE = (p, f) -> List.of();
}
