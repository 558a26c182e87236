package org.icutwin.server.db;

import java.util.List;
import org.icutwin.gateway.ingest.IngestItem;

/**
 * Read side of the ingest inbox: what a patient's twin has not consumed yet, in arrival order.
 * A twin remembers the last {@link Entry#seq()} it applied and asks for what follows.
 */
public interface IngestInbox {

  /**
   * A recorded item with its arrival sequence number (increasing across all patients).
   *
   * @param seq arrival sequence number
   * @param item the item as recorded
   */
  record Entry(long seq, IngestItem item) {
  }

  /** Up to {@code limit} items of the patient with a sequence number above {@code afterSeq}. */
  List<Entry> after(String patientId, long afterSeq, int limit);
}
