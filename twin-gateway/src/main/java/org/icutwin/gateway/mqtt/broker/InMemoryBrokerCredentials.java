package org.icutwin.gateway.mqtt.broker;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Broker logins held in memory, passwords kept as SHA-256 digests and compared in constant time.
 * For tests and the single-node demo; a deployment keeps device credentials in its registry.
 */
public final class InMemoryBrokerCredentials implements BrokerCredentials {

  private record Login(byte[] digest, BrokerPrincipal principal) {
  }

  private final Map<String, Login> logins = new ConcurrentHashMap<>();

  /** Adds (or replaces) an ingest server login. */
  public InMemoryBrokerCredentials ingest(String username, String password) {
    logins.put(username, new Login(digest(password.getBytes(StandardCharsets.UTF_8)), BrokerPrincipal.ingest()));
    return this;
  }

  /** Adds (or replaces) a device login. */
  public InMemoryBrokerCredentials device(String username, String password, String deviceId) {
    logins.put(username, new Login(digest(password.getBytes(StandardCharsets.UTF_8)),
        BrokerPrincipal.device(deviceId)));
    return this;
  }

  /** Removes a login; connections already open stay open until they disconnect. */
  public InMemoryBrokerCredentials remove(String username) {
    logins.remove(username);
    return this;
  }

  @Override
  public Optional<BrokerPrincipal> authenticate(String username, byte[] password) {
    Login login = username == null ? null : logins.get(username);
    byte[] given = digest(password == null ? new byte[0] : password);
    if (login == null || !MessageDigest.isEqual(login.digest(), given)) {
      return Optional.empty();
    }
    return Optional.of(login.principal());
  }

  private static byte[] digest(byte[] password) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(password);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
