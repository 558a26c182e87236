package org.icutwin.gateway.mqtt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * {@link MqttLink} over the Eclipse Paho MQTT v5 asynchronous client: clean start off, a session
 * expiry, manual acknowledgements, and no automatic reconnect (the ingestor opens a new link
 * instead). One Paho client per link.
 */
final class PahoLink implements MqttLink {

  private final MqttAsyncClient client;
  private final long timeoutMillis;

  private PahoLink(MqttAsyncClient client, long timeoutMillis) {
    this.client = client;
    this.timeoutMillis = timeoutMillis;
  }

  /** Links connecting with {@code settings}. */
  static MqttLink.Factory factory(MqttIngestSettings settings) {
    return inbound -> open(settings, inbound);
  }

  private static MqttLink open(MqttIngestSettings s, Inbound inbound) throws IOException {
    MqttAsyncClient client;
    try {
      client = new MqttAsyncClient(s.serverUri(), s.clientId(), new MemoryPersistence());
    } catch (MqttException e) {
      throw new IOException("cannot create an MQTT client for " + s.serverUri() + ": " + e.getMessage(), e);
    }
    client.setManualAcks(true);
    client.setCallback(new Callback(inbound));
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setCleanStart(false);
    o.setSessionExpiryInterval(s.sessionExpiry().toSeconds());
    o.setAutomaticReconnect(false);
    o.setReceiveMaximum(s.receiveMaximum());
    o.setKeepAliveInterval((int) s.keepAlive().toSeconds());
    o.setConnectionTimeout((int) Math.max(1, s.connectTimeout().toSeconds()));
    if (s.username() != null) {
      o.setUserName(s.username());
    }
    if (s.password() != null) {
      o.setPassword(s.password().getBytes(StandardCharsets.UTF_8));
    }
    long timeout = s.connectTimeout().toMillis();
    try {
      client.connect(o).waitForCompletion(timeout);
    } catch (MqttException e) {
      closeQuietly(client);
      throw new IOException("cannot connect to " + s.serverUri() + " as " + s.clientId() + ": " + e.getMessage(), e);
    }
    return new PahoLink(client, timeout);
  }

  @Override
  public void subscribe(List<String> filters) throws IOException {
    MqttSubscription[] subs = filters.stream().map(f -> new MqttSubscription(f, 1)).toArray(MqttSubscription[]::new);
    try {
      IMqttToken token = client.subscribe(subs);
      token.waitForCompletion(timeoutMillis);
      int[] codes = token.getReasonCodes();
      if (codes == null || codes.length != subs.length || Arrays.stream(codes).anyMatch(c -> c >= 0x80)) {
        throw new IOException("broker refused subscriptions " + filters + ": reason codes " + Arrays.toString(codes));
      }
    } catch (MqttException e) {
      throw new IOException("cannot subscribe to " + filters + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void acknowledge(int packetId) throws IOException {
    try {
      client.messageArrivedComplete(packetId, 1);
    } catch (MqttException e) {
      throw new IOException("cannot acknowledge packet " + packetId + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void publish(String topic, byte[] payload, Consumer<Throwable> done) {
    MqttMessage m = new MqttMessage(payload, 1, false, new MqttProperties());
    try {
      client.publish(topic, m, null, new MqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
          int[] codes = token.getReasonCodes();
          done.accept(codes != null && Arrays.stream(codes).anyMatch(c -> c >= 0x80)
              ? new IOException("broker refused the publish to " + topic + ": " + Arrays.toString(codes)) : null);
        }

        @Override
        public void onFailure(IMqttToken token, Throwable failure) {
          done.accept(failure != null ? failure : new IOException("publish to " + topic + " failed"));
        }
      });
    } catch (MqttException | RuntimeException e) {
      done.accept(e);
    }
  }

  @Override
  public boolean isConnected() {
    return client.isConnected();
  }

  @Override
  public void close() {
    closeQuietly(client);
  }

  private static void closeQuietly(MqttAsyncClient client) {
    try {
      if (client.isConnected()) {
        // quiesce 0: do not wait for in-flight work; unacknowledged messages stay in the session.
        client.disconnectForcibly(0, 1000, true);
      }
    } catch (MqttException | RuntimeException e) {
      // Closing anyway.
    }
    try {
      client.close(true);
    } catch (MqttException | RuntimeException e) {
      // Nothing left to release.
    }
  }

  /** Hands Paho's callbacks to the ingestor; never blocks and never calls back into the client. */
  private static final class Callback implements MqttCallback {
    private final Inbound inbound;

    Callback(Inbound inbound) {
      this.inbound = inbound;
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
      inbound.message(topic, message.getPayload(), message.getId(), message.getQos());
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
      Throwable cause = response.getException() != null ? response.getException()
          : new IOException("broker disconnected: reason code " + response.getReturnCode() + " "
              + response.getReasonString());
      inbound.lost(cause);
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
      // Non-fatal protocol notices; a fatal one ends in disconnected().
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
  }
}
