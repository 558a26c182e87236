package org.icutwin.gateway.mqtt;

import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

/**
 * One connection to the broker, as the ingestor needs it: the gateway's own small interface in
 * front of the MQTT client library. A link is used for one connection only; after it is lost, a new
 * link is opened (so an acknowledgement meant for the old connection can never reach a new one,
 * where the same packet id may name another message).
 */
public interface MqttLink {

  /** Receives what arrives on a link, on the client library's thread, in arrival order. */
  interface Inbound {

    /**
     * A PUBLISH arrived. Must return quickly and must not call back into the link.
     *
     * @param packetId the MQTT packet id to acknowledge (0 for QoS 0)
     * @param qos the delivery QoS (0 or 1; the ingest subscriptions ask for at most 1)
     */
    void message(String topic, byte[] payload, int packetId, int qos);

    /** The connection is gone (network, broker, or protocol error); the link is dead. */
    void lost(Throwable cause);
  }

  /** Opens links. */
  @FunctionalInterface
  interface Factory {

    /** Connects (persistent session, manual acknowledgements) and delivers what arrives to {@code inbound}. */
    MqttLink open(Inbound inbound) throws IOException;
  }

  /** Subscribes at QoS 1 and waits for the broker's grant; throws if any filter is refused. */
  void subscribe(List<String> filters) throws IOException;

  /** Sends the PUBACK for {@code packetId}. Callers send them in arrival order. */
  void acknowledge(int packetId) throws IOException;

  /** Publishes at QoS 1 without waiting; {@code done} gets null on PUBACK, else the failure. */
  void publish(String topic, byte[] payload, Consumer<Throwable> done);

  /** Whether the connection is up. */
  boolean isConnected();

  /**
   * Closes the connection without waiting for unacknowledged messages (they stay in the broker's
   * session and come again on the next connection).
   */
  void close();
}
