package org.icutwin.gateway.mqtt.broker;

import java.util.Optional;

/**
 * Port: checks a broker login. twin-server implements it from its device registry (hashed
 * passwords); {@link InMemoryBrokerCredentials} serves tests and the demo. Called on broker threads
 * for every CONNECT: must be thread-safe and should not block for long.
 */
@FunctionalInterface
public interface BrokerCredentials {

  /** Who {@code username} with {@code password} is, or empty when the login is refused. */
  Optional<BrokerPrincipal> authenticate(String username, byte[] password);
}
