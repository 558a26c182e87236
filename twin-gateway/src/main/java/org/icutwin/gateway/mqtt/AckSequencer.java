package org.icutwin.gateway.mqtt;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Sends PUBACKs in the order the PUBLISHes arrived, as MQTT requires, while messages finish in any
 * order on the ingest lanes: a finished message is acknowledged once every earlier one is. After
 * {@link #stop()} nothing more is acknowledged (the rest come again on the next connection).
 * One sequencer per connection; thread-safe.
 */
final class AckSequencer {

  /** One arrived message awaiting its acknowledgement. */
  static final class Slot {
    private final int packetId;
    private final int qos;
    private final long arrivedNanos;
    private boolean done;

    private Slot(int packetId, int qos, long arrivedNanos) {
      this.packetId = packetId;
      this.qos = qos;
      this.arrivedNanos = arrivedNanos;
    }
  }

  private final IngestMetrics metrics;
  private MqttLink link;
  private final Deque<Slot> pending = new ArrayDeque<>();
  private boolean stopped;
  private long acknowledged;

  AckSequencer(IngestMetrics metrics) {
    this.metrics = metrics;
  }

  /**
   * Sets the link acknowledgements go to. Messages may arrive (and finish) while the link is still
   * connecting, before the caller holds it; they are acknowledged from here on.
   */
  synchronized void attach(MqttLink l) {
    this.link = l;
    drain();
  }

  /** Registers an arrival; call in arrival order (the client library's callback thread). */
  synchronized Slot arrived(int packetId, int qos) {
    Slot s = new Slot(packetId, qos, System.nanoTime());
    pending.addLast(s);
    return s;
  }

  /** Marks {@code slot} handled and acknowledges every handled message at the head of the queue. */
  synchronized void done(Slot slot) {
    slot.done = true;
    drain();
  }

  /** Marks every slot of a batch handled, then acknowledges as {@link #done} does. */
  synchronized void doneAll(java.util.List<Slot> slots) {
    for (Slot s : slots) {
      s.done = true;
    }
    drain();
  }

  private void drain() {
    while (!stopped && link != null && !pending.isEmpty() && pending.peekFirst().done) {
      Slot head = pending.removeFirst();
      if (head.qos > 0) {
        try {
          link.acknowledge(head.packetId);
        } catch (Exception e) {
          // The connection is gone; the broker redelivers everything unacknowledged.
          stopped = true;
          return;
        }
        acknowledged++;
        metrics.acknowledged(Duration.ofNanos(System.nanoTime() - head.arrivedNanos));
      }
    }
  }

  /** Stops acknowledging: used when a message could not be stored or the connection is closing. */
  synchronized void stop() {
    stopped = true;
  }

  synchronized boolean isStopped() {
    return stopped;
  }

  /** Messages acknowledged so far. */
  synchronized long acknowledged() {
    return acknowledged;
  }
}
