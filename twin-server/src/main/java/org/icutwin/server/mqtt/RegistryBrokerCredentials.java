package org.icutwin.server.mqtt;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.icutwin.gateway.mqtt.broker.BrokerCredentials;
import org.icutwin.gateway.mqtt.broker.BrokerPrincipal;
import org.icutwin.server.device.DeviceRegistry;

/**
 * Broker logins: the server's own ingest client with its generated password, and every registered
 * device with the MQTT password it was registered with (the registry keeps only a hash).
 */
final class RegistryBrokerCredentials implements BrokerCredentials {

  private final String ingestUser;
  private final byte[] ingestPassword;
  private final DeviceRegistry devices;

  RegistryBrokerCredentials(String ingestUser, String ingestPassword, DeviceRegistry devices) {
    this.ingestUser = ingestUser;
    this.ingestPassword = ingestPassword.getBytes(StandardCharsets.UTF_8);
    this.devices = devices;
  }

  @Override
  public Optional<BrokerPrincipal> authenticate(String username, byte[] password) {
    if (username == null || password == null) {
      return Optional.empty();
    }
    if (username.equals(ingestUser)) {
      return MessageDigest.isEqual(ingestPassword, password) ? Optional.of(BrokerPrincipal.ingest()) : Optional.empty();
    }
    char[] chars = new String(password, StandardCharsets.UTF_8).toCharArray();
    try {
      return devices.authenticate(username, chars) ? Optional.of(BrokerPrincipal.device(username)) : Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
