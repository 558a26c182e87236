package org.icutwin.gateway.mqtt;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.icutwin.gateway.ingest.DeadLetter;
import org.icutwin.gateway.ingest.DeadLetterStore;

/** Dead letters in memory; can be told to fail. */
final class MemoryDeadLetters implements DeadLetterStore {

  final List<DeadLetter> letters = new CopyOnWriteArrayList<>();
  private final AtomicInteger failuresLeft = new AtomicInteger();

  MemoryDeadLetters failNext(int n) {
    failuresLeft.set(n);
    return this;
  }

  @Override
  public void store(DeadLetter letter) {
    if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new IllegalStateException("database unavailable (test)");
    }
    letters.add(letter);
  }

  List<DeadLetter> on(String topic) {
    return letters.stream().filter(l -> l.origin().equals(topic)).toList();
  }
}
