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
 */
@ConfigurationProperties("icutwin.cluster")
public record ClusterSettings(@Bindable(defaultValue = "icutwin") String name,
    @Bindable(defaultValue = "127.0.0.1") String hostname,
    @Bindable(defaultValue = "25520") int port,
    @Bindable(defaultValue = "120s") java.time.Duration passivateIdle) {

  public ClusterSettings(String name, String hostname, int port) {
    this(name, hostname, port, java.time.Duration.ofMinutes(2));
  }

  @io.micronaut.core.annotation.Creator
  public ClusterSettings {
    if (passivateIdle == null || passivateIdle.isNegative() || passivateIdle.isZero()) {
      throw new IllegalArgumentException("icutwin.cluster.passivate-idle must be a positive duration, was "
          + passivateIdle);
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
