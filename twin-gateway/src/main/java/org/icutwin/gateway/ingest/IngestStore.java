package org.icutwin.gateway.ingest;

import java.util.ArrayList;
import java.util.List;

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

  /**
   * Records {@code items} in this order and returns one outcome per item, in the same order; an id
   * repeated inside the list is a {@link Outcome#DUPLICATE} from its second occurrence on. When it
   * returns, every item survives a crash. When it throws, the caller must treat none as recorded
   * (an implementation may have kept some; a retry finds them as duplicates).
   *
   * <p>The default records one item after another; a database store overrides it to commit the
   * whole list at once (group commit), which is what makes batched ingestion cheaper.
   */
  default List<Outcome> recordAll(List<IngestItem> items) {
    List<Outcome> outcomes = new ArrayList<>(items.size());
    for (IngestItem item : items) {
      outcomes.add(record(item));
    }
    return outcomes;
  }
}
