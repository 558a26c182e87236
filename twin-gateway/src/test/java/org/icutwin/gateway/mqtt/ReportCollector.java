package org.icutwin.gateway.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** Subscribes to error topics as a device would and keeps every report by topic. */
final class ReportCollector implements AutoCloseable {

  final Map<String, List<ErrorReport>> byTopic = new ConcurrentHashMap<>();
  final Map<String, List<String>> rawByTopic = new ConcurrentHashMap<>();
  private final MqttAsyncClient client;

  ReportCollector(String uri, String clientId, String user, String password, String filter) throws MqttException {
    client = new MqttAsyncClient(uri, clientId, new MemoryPersistence());
    client.setCallback(new MqttCallback() {
      @Override
      public void messageArrived(String topic, MqttMessage message) {
        rawByTopic.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>())
            .add(new String(message.getPayload(), StandardCharsets.UTF_8));
        byTopic.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>()).add(ErrorReport.fromJson(message.getPayload()));
      }

      @Override
      public void disconnected(MqttDisconnectResponse r) {
      }

      @Override
      public void mqttErrorOccurred(MqttException e) {
      }

      @Override
      public void deliveryComplete(IMqttToken token) {
      }

      @Override
      public void connectComplete(boolean reconnect, String serverUri) {
      }

      @Override
      public void authPacketArrived(int reasonCode, MqttProperties properties) {
      }
    });
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setCleanStart(true);
    if (user != null) {
      o.setUserName(user);
      o.setPassword(password.getBytes(StandardCharsets.UTF_8));
    }
    client.connect(o).waitForCompletion(10_000);
    IMqttToken sub = client.subscribe(filter, 1);
    sub.waitForCompletion(10_000);
    int[] codes = sub.getReasonCodes();
    if (codes == null || codes.length == 0 || codes[0] >= 0x80) {
      throw new IllegalStateException("subscription to " + filter + " refused: " + java.util.Arrays.toString(codes));
    }
  }

  List<ErrorReport> on(String topic) {
    return byTopic.getOrDefault(topic, List.of());
  }

  @Override
  public void close() {
    try {
      client.disconnect().waitForCompletion(5_000);
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
