package org.icutwin.server.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * The Pekko cluster node this server runs. By default a one-node cluster that joins itself, so
 * the sharded code path is the same when nodes are added.
 *
 * @param name actor system name (all nodes of one cluster share it)
 * @param hostname address remoting binds to and advertises (loopback by default)
 * @param port remoting port; 0 picks a free one (tests)
 * @param passivateIdle a twin that received nothing for this long is passivated (stopped, its
 *     memory freed); the next message recovers it from its snapshot and journal
 * @param stashCapacity commands a twin holds back while it recovers, persists or catches up from
 *     the inbox (Pekko's default is 4,096); an ingest item beyond it is dropped by Pekko (logged) and
 *     waits in the inbox, where every item is recorded before its twin is told, until the twin next
 *     recovers
 */
@ConfigurationProperties("icutwin.cluster")
public record ClusterSettings(@Bindable(defaultValue = "icutwin") String name,
    @Bindable(defaultValue = "127.0.0.1") String hostname,
    @Bindable(defaultValue = "25520") int port,
    @Bindable(defaultValue = "120s") java.time.Duration passivateIdle,
    @Bindable(defaultValue = "100000") int stashCapacity) {

  /** The default stash capacity. */
  public static final int DEFAULT_STASH_CAPACITY = 100_000;

  public ClusterSettings(String name, String hostname, int port) {
    this(name, hostname, port, java.time.Duration.ofMinutes(2));
  }

  public ClusterSettings(String name, String hostname, int port, java.time.Duration passivateIdle) {
    this(name, hostname, port, passivateIdle, DEFAULT_STASH_CAPACITY);
  }

  @io.micronaut.core.annotation.Creator
  public ClusterSettings {
    if (passivateIdle == null || passivateIdle.isNegative() || passivateIdle.isZero()) {
      throw new IllegalArgumentException("icutwin.cluster.passivate-idle must be a positive duration, was "
          + passivateIdle);
    }
    if (stashCapacity < 1) {
      throw new IllegalArgumentException("icutwin.cluster.stash-capacity must be at least 1, was " + stashCapacity);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("icutwin.cluster.port must be 0..65535, was " + port);
    }
    if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9_-]*")) {
      throw new IllegalArgumentException(
          "icutwin.cluster.name must be letters, digits, '-' or '_', was '" + name + "'");
    }
  }
}
