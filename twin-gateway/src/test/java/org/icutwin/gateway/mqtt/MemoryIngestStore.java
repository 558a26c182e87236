package org.icutwin.gateway.mqtt;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.icutwin.gateway.ingest.IngestItem;
import org.icutwin.gateway.ingest.IngestStore;

/** A thread-safe in-memory ingest store with the unique message-id check; can be told to fail. */
final class MemoryIngestStore implements IngestStore {

  private final Map<String, IngestItem> items = new ConcurrentHashMap<>();
  private final AtomicInteger recorded = new AtomicInteger();
  private final AtomicInteger duplicates = new AtomicInteger();
  private final AtomicInteger failuresLeft = new AtomicInteger();

  /** The next {@code n} calls throw as a database outage would. */
  MemoryIngestStore failNext(int n) {
    failuresLeft.set(n);
    return this;
  }

  @Override
  public Outcome record(IngestItem item) {
    if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new IllegalStateException("database unavailable (test)");
    }
    if (items.putIfAbsent(item.messageId(), item) == null) {
      recorded.incrementAndGet();
      return Outcome.RECORDED;
    }
    duplicates.incrementAndGet();
    return Outcome.DUPLICATE;
  }

  boolean contains(String messageId) {
    return items.containsKey(messageId);
  }

  IngestItem get(String messageId) {
    return items.get(messageId);
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
