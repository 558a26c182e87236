package org.icutwin.gateway.mqtt;

import java.nio.charset.StandardCharsets;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** Paho helpers for the broker tests. */
final class BrokerTestAccess {

  private BrokerTestAccess() {
  }

  /**
   * Subscribes {@code c} (not yet connected callbacks) to {@code filter} and adds "topic payload" of
   * every message to {@code seen}. Uses the client-wide callback: Paho 1.2.5's per-subscription
   * listener overload throws IndexOutOfBoundsException.
   */
  static void watch(MqttAsyncClient c, String filter, java.util.List<String> seen) throws MqttException {
    c.setCallback(new org.eclipse.paho.mqttv5.client.MqttCallback() {
      @Override
      public void messageArrived(String topic, MqttMessage message) {
        seen.add(topic + " " + new String(message.getPayload(), StandardCharsets.UTF_8));
      }

      @Override
      public void disconnected(org.eclipse.paho.mqttv5.client.MqttDisconnectResponse r) {
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
    c.subscribe(filter, 1).waitForCompletion(10_000);
  }

  /**
   * Publishes at QoS 1 and returns the PUBACK reason code; a broker that answers a refused publish by
   * closing the connection counts as 0x87 (not authorised).
   */
  static int publishReason(MqttAsyncClient c, String topic, String payload) {
    try {
      IMqttToken t = c.publish(topic, new MqttMessage(payload.getBytes(StandardCharsets.UTF_8), 1, false,
          new MqttProperties()));
      t.waitForCompletion(10_000);
      int[] codes = t.getReasonCodes();
      return codes == null || codes.length == 0 ? 0 : codes[0];
    } catch (MqttException e) {
      return 0x87;
    }
  }
}
