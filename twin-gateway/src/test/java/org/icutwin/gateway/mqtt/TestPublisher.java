package org.icutwin.gateway.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** A device-side Paho v5 publisher at QoS 1 with a bounded window of unacknowledged messages. */
final class TestPublisher implements AutoCloseable {

  static final int WINDOW = 8;

  private final MqttAsyncClient client;
  private final Semaphore window = new Semaphore(WINDOW);
  final AtomicInteger sent = new AtomicInteger();
  final AtomicInteger acked = new AtomicInteger();
  final List<String> failures = new CopyOnWriteArrayList<>();

  TestPublisher(String uri, String clientId, String user, String password) throws MqttException {
    client = new MqttAsyncClient(uri, clientId, new MemoryPersistence());
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setCleanStart(true);
    if (user != null) {
      o.setUserName(user);
      o.setPassword(password.getBytes(StandardCharsets.UTF_8));
    }
    client.connect(o).waitForCompletion(10_000);
  }

  /** Publishes at QoS 1, waiting while {@link #WINDOW} messages are unacknowledged. */
  void publish(String topic, byte[] payload) throws MqttException, InterruptedException {
    if (!window.tryAcquire(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("publisher window stuck");
    }
    sent.incrementAndGet();
    client.publish(topic, new MqttMessage(payload, 1, false, new MqttProperties()), null, new MqttActionListener() {
      @Override
      public void onSuccess(IMqttToken token) {
        int[] codes = token.getReasonCodes();
        if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
          failures.add(topic + ": reason " + codes[0]);
        } else {
          acked.incrementAndGet();
        }
        window.release();
      }

      @Override
      public void onFailure(IMqttToken token, Throwable e) {
        failures.add(topic + ": " + e);
        window.release();
      }
    });
  }

  /** Publishes and waits for the broker's PUBACK; returns its reason code. */
  int publishAndWait(String topic, byte[] payload) throws MqttException {
    IMqttToken t = client.publish(topic, new MqttMessage(payload, 1, false, new MqttProperties()));
    t.waitForCompletion(10_000);
    int[] codes = t.getReasonCodes();
    return codes == null || codes.length == 0 ? 0 : codes[0];
  }

  boolean isConnected() {
    return client.isConnected();
  }

  MqttAsyncClient client() {
    return client;
  }

  @Override
  public void close() {
    try {
      if (client.isConnected()) {
        client.disconnect().waitForCompletion(5_000);
      }
    } catch (MqttException e) {
      // Test teardown.
    }
    try {
      client.close(true);
    } catch (MqttException e) {
      // Test teardown.
    }
  }
}
