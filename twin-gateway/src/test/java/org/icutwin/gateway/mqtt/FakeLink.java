package org.icutwin.gateway.mqtt;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** An in-memory link: the test delivers PUBLISHes and reads the acknowledgements and publishes. */
final class FakeLink implements MqttLink {

  /** Opens fake links and keeps them in order. */
  static final class Factory implements MqttLink.Factory {
    final List<FakeLink> opened = new CopyOnWriteArrayList<>();

    @Override
    public MqttLink open(Inbound inbound) {
      FakeLink l = new FakeLink(inbound);
      opened.add(l);
      return l;
    }

    FakeLink last() {
      return opened.get(opened.size() - 1);
    }
  }

  record Published(String topic, byte[] payload) {
  }

  final Inbound inbound;
  final List<Integer> acks = new CopyOnWriteArrayList<>();
  final List<Published> published = new CopyOnWriteArrayList<>();
  final List<List<String>> subscriptions = new CopyOnWriteArrayList<>();
  volatile boolean connected = true;

  private FakeLink(Inbound inbound) {
    this.inbound = inbound;
  }

  void deliver(String topic, byte[] payload, int packetId) {
    inbound.message(topic, payload, packetId, 1);
  }

  @Override
  public void subscribe(List<String> filters) {
    subscriptions.add(filters);
  }

  @Override
  public void acknowledge(int packetId) throws IOException {
    if (!connected) {
      throw new IOException("closed");
    }
    acks.add(packetId);
  }

  @Override
  public void publish(String topic, byte[] payload, Consumer<Throwable> done) {
    published.add(new Published(topic, payload));
    done.accept(null);
  }

  @Override
  public boolean isConnected() {
    return connected;
  }

  @Override
  public void close() {
    connected = false;
  }
}
