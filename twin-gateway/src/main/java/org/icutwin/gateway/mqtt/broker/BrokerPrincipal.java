package org.icutwin.gateway.mqtt.broker;

import java.util.Objects;
import org.icutwin.gateway.mqtt.DeviceTopic;

/**
 * Who a broker login is: the ingest server, or one device.
 *
 * @param role what the login may do
 * @param deviceId the device's id for {@link Role#DEVICE}, null for {@link Role#INGEST}
 */
public record BrokerPrincipal(Role role, String deviceId) {

  /** What a login may do on the broker. */
  public enum Role {
    /**
     * An icutwin server node: subscribes to every device topic (shared subscriptions allowed) and
     * publishes to every device's error topic. Its client id must start with {@value #INGEST_CLIENT_PREFIX}.
     */
    INGEST,
    /**
     * One device gateway: publishes only to its own observations, administrations and fhir topics and
     * subscribes only to its own error topic. Its client id must be its device id.
     */
    DEVICE
  }

  /** Client ids of ingest logins start with this; no device id may. */
  public static final String INGEST_CLIENT_PREFIX = "icutwin-";

  public BrokerPrincipal {
    Objects.requireNonNull(role, "role");
    if (role == Role.DEVICE) {
      Objects.requireNonNull(deviceId, "deviceId");
      if (!DeviceTopic.DEVICE_ID.matcher(deviceId).matches() || deviceId.startsWith(INGEST_CLIENT_PREFIX)) {
        throw new IllegalArgumentException("device id '" + deviceId + "' must match " + DeviceTopic.DEVICE_ID
            + " and not start with " + INGEST_CLIENT_PREFIX);
      }
    } else if (deviceId != null) {
      throw new IllegalArgumentException("an ingest login names no device");
    }
  }

  public static BrokerPrincipal ingest() {
    return new BrokerPrincipal(Role.INGEST, null);
  }

  public static BrokerPrincipal device(String deviceId) {
    return new BrokerPrincipal(Role.DEVICE, deviceId);
  }

  /** Whether this login may connect with {@code clientId}, so that nobody can take over another's session. */
  public boolean mayUseClientId(String clientId) {
    return role == Role.DEVICE ? deviceId.equals(clientId)
        : clientId != null && clientId.startsWith(INGEST_CLIENT_PREFIX) && clientId.length() > INGEST_CLIENT_PREFIX.length();
  }
}
