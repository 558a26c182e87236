package org.icutwin.server.twin;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.icutwin.gateway.ingest.IngestItem;
import org.icutwin.gateway.ingest.IngestStore;

/**
 * The ingest store the edge writes to: records durably (the database store), then hands a newly
 * recorded item to its patient's twin. The edge acknowledges after {@link #record} returns, so an
 * acknowledged item is in the database even if the twin has not journaled it yet; the twin catches
 * up from the store on recovery. A batch is delivered only after its commit, in the batch's order.
 * An item refused as a {@link Outcome#CONFLICT} is told to its twin with the item recorded under
 * its id, so that the clinician hears of it.
 */
public final class DeliveringIngestStore implements IngestStore {

  private final IngestStore durable;
  private final TwinService twins;

  public DeliveringIngestStore(IngestStore durable, TwinService twins) {
    this.durable = Objects.requireNonNull(durable, "durable");
    this.twins = Objects.requireNonNull(twins, "twins");
  }

  @Override
  public Outcome record(IngestItem item) {
    Outcome o = durable.record(item);
    hand(item, o);
    return o;
  }

  @Override
  public Optional<IngestItem> find(String messageId) {
    return durable.find(messageId);
  }

  @Override
  public List<Outcome> recordAll(List<IngestItem> items) {
    List<Outcome> outcomes = durable.recordAll(items);
    for (int i = 0; i < items.size(); i++) {
      hand(items.get(i), outcomes.get(i));
    }
    return outcomes;
  }

  /** What the twin hears of a recorded item: the item itself, or a conflict with the one recorded before. */
  private void hand(IngestItem item, Outcome o) {
    if (o == Outcome.RECORDED) {
      twins.deliver(item);
    } else if (o == Outcome.CONFLICT) {
      durable.find(item.messageId()).ifPresent(first -> twins.conflict(item, first));
    }
  }
}
