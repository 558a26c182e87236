package org.icutwin.gateway.mqtt;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Wraps real links and checks, at the moment each PUBACK is sent, that the acknowledged message is
 * already in the store; counts deliveries and acknowledgements per link.
 */
final class AuditedLinks implements MqttLink.Factory {

  /** What one connection saw. */
  static final class Audit {
    final AtomicLong delivered = new AtomicLong();
    final AtomicLong acknowledged = new AtomicLong();
    final AtomicLong qos0 = new AtomicLong();
  }

  private final MqttLink.Factory inner;
  private final MemoryIngestStore store;
  final List<Audit> links = new CopyOnWriteArrayList<>();
  final List<String> violations = new CopyOnWriteArrayList<>();

  AuditedLinks(MqttLink.Factory inner, MemoryIngestStore store) {
    this.inner = inner;
    this.store = store;
  }

  long delivered() {
    return links.stream().mapToLong(a -> a.delivered.get()).sum();
  }

  long acknowledged() {
    return links.stream().mapToLong(a -> a.acknowledged.get()).sum();
  }

  @Override
  public MqttLink open(MqttLink.Inbound inbound) throws IOException {
    Audit audit = new Audit();
    Map<Integer, String> ids = new ConcurrentHashMap<>();
    MqttLink link = inner.open(new MqttLink.Inbound() {
      @Override
      public void message(String topic, byte[] payload, int packetId, int qos) {
        audit.delivered.incrementAndGet();
        if (qos == 0) {
          audit.qos0.incrementAndGet();
        }
        String id = Fixtures.messageIdOf(payload);
        ids.put(packetId, id == null ? "" : id);
        inbound.message(topic, payload, packetId, qos);
      }

      @Override
      public void lost(Throwable cause) {
        inbound.lost(cause);
      }
    });
    links.add(audit);
    return new MqttLink() {
      @Override
      public void subscribe(List<String> filters) throws IOException {
        link.subscribe(filters);
      }

      @Override
      public void acknowledge(int packetId) throws IOException {
        String id = ids.remove(packetId);
        if (id == null || !store.contains(id)) {
          violations.add("packet " + packetId + " (message " + id + ") acknowledged before it was recorded");
        }
        link.acknowledge(packetId);
        audit.acknowledged.incrementAndGet();
      }

      @Override
      public void publish(String topic, byte[] payload, Consumer<Throwable> done) {
        link.publish(topic, payload, done);
      }

      @Override
      public boolean isConnected() {
        return link.isConnected();
      }

      @Override
      public void close() {
        link.close();
      }
    };
  }
}
