package org.icutwin.gateway.mqtt;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How the ingest server connects to the broker.
 *
 * @param serverUri e.g. {@code tcp://127.0.0.1:1883}
 * @param clientId stable per server node, so that a restarted node resumes its session (its
 *     unacknowledged messages); must differ between nodes
 * @param username broker user, or null for an anonymous broker
 * @param password broker password, or null
 * @param sharedGroup MQTT 5 shared-subscription group ({@code $share/{group}/...}) so that the
 *     nodes split the messages; empty for a plain subscription (one node gets everything)
 * @param sessionExpiry how long the broker keeps the session (and queues messages) while this node is
 *     away; whole seconds, at most 2^32-1 s
 * @param receiveMaximum how many unacknowledged messages the broker may have in flight to this node
 * @param lanes ingest worker threads; a device's messages always go to the same lane, in order
 * @param batchSize most messages a lane takes into one store commit (it takes every message waiting
 *     for it, up to this many); 1 commits each message alone
 * @param reconnectDelayMin first wait before reconnecting; doubles on each failure
 * @param reconnectDelayMax longest wait between reconnection attempts
 * @param keepAlive MQTT keep-alive
 * @param connectTimeout how long one connection or subscription attempt may take
 */
public record MqttIngestSettings(String serverUri, String clientId, String username, String password,
    Optional<String> sharedGroup, Duration sessionExpiry, int receiveMaximum, int lanes, int batchSize,
    Duration reconnectDelayMin, Duration reconnectDelayMax, Duration keepAlive, Duration connectTimeout) {

  /** Default shared-subscription group. */
  public static final String DEFAULT_GROUP = "icutwin-ingest";
  /** Default session expiry: a node may be away for a week without losing queued messages. */
  public static final Duration DEFAULT_SESSION_EXPIRY = Duration.ofDays(7);
  /** Default receive maximum: enough in flight for two lanes to fill their batches. */
  public static final int DEFAULT_RECEIVE_MAXIMUM = 1000;
  /** Default largest batch per store commit. */
  public static final int DEFAULT_BATCH_SIZE = 100;

  private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  public MqttIngestSettings {
    Objects.requireNonNull(serverUri, "serverUri");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(sharedGroup, "sharedGroup");
    Objects.requireNonNull(sessionExpiry, "sessionExpiry");
    Objects.requireNonNull(reconnectDelayMin, "reconnectDelayMin");
    Objects.requireNonNull(reconnectDelayMax, "reconnectDelayMax");
    Objects.requireNonNull(keepAlive, "keepAlive");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    if (clientId.isBlank() || clientId.length() > 64) {
      throw new IllegalArgumentException("clientId must have 1 to 64 characters, was '" + clientId + "'");
    }
    sharedGroup.ifPresent(g -> {
      if (!GROUP.matcher(g).matches()) {
        throw new IllegalArgumentException("shared group must match " + GROUP + ", was '" + g + "'");
      }
    });
    if (sessionExpiry.isNegative() || sessionExpiry.toSeconds() > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("sessionExpiry must be 0 to 4294967295 s, was " + sessionExpiry);
    }
    if (receiveMaximum < 1 || receiveMaximum > 65_535) {
      throw new IllegalArgumentException("receiveMaximum must be 1 to 65535, was " + receiveMaximum);
    }
    if (lanes < 1 || lanes > 64) {
      throw new IllegalArgumentException("lanes must be 1 to 64, was " + lanes);
    }
    if (batchSize < 1 || batchSize > 1000) {
      throw new IllegalArgumentException("batchSize must be 1 to 1000, was " + batchSize);
    }
    if (reconnectDelayMin.isNegative() || reconnectDelayMin.isZero() || reconnectDelayMax.compareTo(reconnectDelayMin) < 0) {
      throw new IllegalArgumentException("need 0 < reconnectDelayMin <= reconnectDelayMax, was " + reconnectDelayMin
          + ", " + reconnectDelayMax);
    }
  }

  /**
   * Defaults: anonymous, shared group {@value #DEFAULT_GROUP}, 7-day session,
   * {@value #DEFAULT_RECEIVE_MAXIMUM} in flight, 2 lanes, batches of up to {@value #DEFAULT_BATCH_SIZE}.
   */
  public static MqttIngestSettings of(String serverUri, String clientId) {
    return new MqttIngestSettings(serverUri, clientId, null, null, Optional.of(DEFAULT_GROUP), DEFAULT_SESSION_EXPIRY,
        DEFAULT_RECEIVE_MAXIMUM, 2, DEFAULT_BATCH_SIZE, Duration.ofMillis(500), Duration.ofSeconds(30),
        Duration.ofSeconds(30), Duration.ofSeconds(10));
  }

  public MqttIngestSettings withCredentials(String user, String pass) {
    return new MqttIngestSettings(serverUri, clientId, user, pass, sharedGroup, sessionExpiry, receiveMaximum, lanes,
        batchSize, reconnectDelayMin, reconnectDelayMax, keepAlive, connectTimeout);
  }

  /** {@code group} for a shared subscription, or empty for a plain one. */
  public MqttIngestSettings withSharedGroup(Optional<String> group) {
    return new MqttIngestSettings(serverUri, clientId, username, password, group, sessionExpiry, receiveMaximum, lanes,
        batchSize, reconnectDelayMin, reconnectDelayMax, keepAlive, connectTimeout);
  }

  public MqttIngestSettings withSessionExpiry(Duration expiry) {
    return new MqttIngestSettings(serverUri, clientId, username, password, sharedGroup, expiry, receiveMaximum, lanes,
        batchSize, reconnectDelayMin, reconnectDelayMax, keepAlive, connectTimeout);
  }

  /** {@code receive} in flight from the broker, batches of up to {@code batch} messages per commit. */
  public MqttIngestSettings withFlow(int receive, int batch) {
    return new MqttIngestSettings(serverUri, clientId, username, password, sharedGroup, sessionExpiry, receive, lanes,
        batch, reconnectDelayMin, reconnectDelayMax, keepAlive, connectTimeout);
  }

  public MqttIngestSettings withLanes(int n) {
    return new MqttIngestSettings(serverUri, clientId, username, password, sharedGroup, sessionExpiry, receiveMaximum, n,
        batchSize, reconnectDelayMin, reconnectDelayMax, keepAlive, connectTimeout);
  }

  public MqttIngestSettings withReconnectDelays(Duration min, Duration max) {
    return new MqttIngestSettings(serverUri, clientId, username, password, sharedGroup, sessionExpiry, receiveMaximum,
        lanes, batchSize, min, max, keepAlive, connectTimeout);
  }

  /** The subscription filters these settings ask for. */
  public List<String> filters() {
    return DeviceTopic.ingestFilters(sharedGroup);
  }

  @Override
  public String toString() {
    return "MqttIngestSettings[" + serverUri + ", clientId=" + clientId + ", user=" + username + ", password="
        + (password == null ? "none" : "***") + ", group=" + sharedGroup.orElse("(plain)") + ", sessionExpiry="
        + sessionExpiry + ", receiveMaximum=" + receiveMaximum + ", lanes=" + lanes + ", batchSize=" + batchSize + "]";
  }
}
