package org.icutwin.gateway.mqtt.broker;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where and how the embedded broker runs.
 *
 * @param bindAddress listener address; {@code 127.0.0.1} unless devices connect from other hosts
 * @param port TCP port of the MQTT listener (1 to 65535)
 * @param folder holds the broker's {@code conf}, {@code data} (sessions and queued messages survive
 *     a restart) and an empty {@code extensions} folder
 * @param maxQueuedMessages messages the broker queues per offline session (or shared-subscription
 *     group) before it discards new ones; size it for the longest outage of the ingest server
 */
public record BrokerSettings(String bindAddress, int port, Path folder, long maxQueuedMessages) {

  /** Default queue bound per session: over an hour of 1 Hz data from 20 devices. */
  public static final long DEFAULT_MAX_QUEUED_MESSAGES = 100_000;

  public BrokerSettings {
    Objects.requireNonNull(bindAddress, "bindAddress");
    Objects.requireNonNull(folder, "folder");
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("port must be 1 to 65535, was " + port);
    }
    if (maxQueuedMessages < 1) {
      throw new IllegalArgumentException("maxQueuedMessages must be positive, was " + maxQueuedMessages);
    }
  }

  /** Loopback listener on {@code port}, state in {@code folder}. */
  public static BrokerSettings loopback(int port, Path folder) {
    return new BrokerSettings("127.0.0.1", port, folder, DEFAULT_MAX_QUEUED_MESSAGES);
  }
}
