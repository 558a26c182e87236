package org.icutwin.gateway.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Port: where accepted items are durably recorded before the message is acknowledged. Exactly
 * once per message id: a second item with the same id changes nothing. It is
 * {@link Outcome#DUPLICATE} when it says the same as the recorded one
 * ({@link IngestItem#sameContentAs}) and {@link Outcome#CONFLICT} when it says something else. When
 * {@link #record} returns, the item survives a crash. Implemented by twin-server.
 */
public interface IngestStore {

  enum Outcome {
    /** New: recorded now. */
    RECORDED,
    /** The same item was recorded before under this id (a redelivery): nothing changed. */
    DUPLICATE,
    /**
     * Another item was recorded before under this id: this one was not recorded. The sender must
     * hear of it, since its data would otherwise be lost without a word (a device whose message
     * counter was reset reuses ids).
     */
    CONFLICT;

    /**
     * The outcome for {@code offered} when {@code recorded} already stands under its id:
     * DUPLICATE when it says the same ({@link IngestItem#sameContentAs}), else CONFLICT (also when
     * the recorded item cannot be read back, null).
     */
    public static Outcome against(IngestItem offered, IngestItem recorded) {
      return recorded != null && offered.sameContentAs(recorded) ? DUPLICATE : CONFLICT;
    }
  }

  Outcome record(IngestItem item);

  /**
   * The item recorded under {@code messageId}, if any. Lets a caller that must record all or nothing
   * (a FHIR transaction) find a conflicting id before it records anything.
   */
  Optional<IngestItem> find(String messageId);

  /**
   * Records {@code items} in this order and returns one outcome per item, in the same order; an id
   * repeated inside the list is a {@link Outcome#DUPLICATE} or {@link Outcome#CONFLICT} from its
   * second occurrence on, judged against its first. When it
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
