package org.icutwin.gateway.mqtt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.icutwin.gateway.ingest.IngestItem;
import org.icutwin.gateway.ingest.IngestStore;

/**
 * A thread-safe in-memory ingest store with the unique message-id check; can be told to fail. A
 * batch ({@link #recordAll}) is atomic as a database transaction is: a failing one keeps nothing.
 * Keeps the order items were recorded in and the size of every batch.
 */
final class MemoryIngestStore implements IngestStore {

  private final Map<String, IngestItem> items = new ConcurrentHashMap<>();
  private final AtomicInteger recorded = new AtomicInteger();
  private final AtomicInteger duplicates = new AtomicInteger();
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private final List<String> order = new ArrayList<>();
  private final List<Integer> batches = new ArrayList<>();

  /** The next {@code n} calls throw as a database outage would. */
  MemoryIngestStore failNext(int n) {
    failuresLeft.set(n);
    return this;
  }

  @Override
  public Outcome record(IngestItem item) {
    return recordAll(List.of(item)).get(0);
  }

  @Override
  public Optional<IngestItem> find(String messageId) {
    return Optional.ofNullable(items.get(messageId));
  }

  @Override
  public synchronized List<Outcome> recordAll(List<IngestItem> batch) {
    if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new IllegalStateException("database unavailable (test)");
    }
    batches.add(batch.size());
    List<Outcome> outcomes = new ArrayList<>(batch.size());
    for (IngestItem item : batch) {
      IngestItem first = items.putIfAbsent(item.messageId(), item);
      if (first == null) {
        recorded.incrementAndGet();
        order.add(item.messageId());
        outcomes.add(Outcome.RECORDED);
      } else {
        Outcome o = Outcome.against(item, first);
        if (o == Outcome.DUPLICATE) {
          duplicates.incrementAndGet();
        }
        outcomes.add(o);
      }
    }
    return outcomes;
  }

  /**
   * This store behind a hook that runs before each item is recorded (to hold a write back, or to
   * throw as a failing database would).
   */
  IngestStore beforeEach(java.util.function.Consumer<IngestItem> hook) {
    MemoryIngestStore memory = this;
    return new IngestStore() {
      @Override
      public Outcome record(IngestItem item) {
        hook.accept(item);
        return memory.record(item);
      }

      @Override
      public Optional<IngestItem> find(String messageId) {
        return memory.find(messageId);
      }
    };
  }

  /** Message ids in the order they were first recorded. */
  synchronized List<String> order() {
    return List.copyOf(order);
  }

  /** The size of each successful store call, in order (a single record is a batch of one). */
  synchronized List<Integer> batches() {
    return List.copyOf(batches);
  }

  boolean contains(String messageId) {
    return items.containsKey(messageId);
  }

  IngestItem get(String messageId) {
    return items.get(messageId);
  }

  java.util.Collection<IngestItem> values() {
    return items.values();
  }

  int size() {
    return items.size();
  }

  /** Calls that returned RECORDED; equals {@link #size()} when every id was recorded once. */
  int recorded() {
    return recorded.get();
  }

  /** Calls that returned DUPLICATE: redelivered messages that had been recorded already. */
  int duplicates() {
    return duplicates.get();
  }
}
