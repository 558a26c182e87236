package org.icutwin.gateway.mqtt.broker;

import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.auth.parameter.TopicPermission;
import com.hivemq.extension.sdk.api.packets.auth.DefaultAuthorizationBehaviour;
import com.hivemq.extension.sdk.api.packets.auth.ModifiableDefaultPermissions;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.packets.connect.ConnectPacket;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;
import org.icutwin.gateway.mqtt.Channel;
import org.icutwin.gateway.mqtt.DeviceTopic;

/**
 * The embedded broker's extension: username/password logins checked against
 * {@link BrokerCredentials}, then per-connection topic permissions by role (everything else denied).
 */
final class BrokerAccess implements ExtensionMain, SimpleAuthenticator {

  /** Connection attribute holding the device id of a device's connection (set at login). */
  static final String DEVICE_ATTRIBUTE = "icutwin.device";

  private final BrokerCredentials credentials;
  private final BrokerIntake intake;

  /** @param intake takes device data before the broker acknowledges it; null for plain subscriptions */
  BrokerAccess(BrokerCredentials credentials, BrokerIntake intake) {
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.intake = intake;
  }

  @Override
  public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
    Services.securityRegistry().setAuthenticatorProvider(providerInput -> this);
    if (intake != null) {
      Services.initializerRegistry().setClientInitializer(
          (initializerInput, client) -> client.addPublishInboundInterceptor(intake));
    }
  }

  @Override
  public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
  }

  @Override
  public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
    ConnectPacket connect = input.getConnectPacket();
    Optional<String> user = connect.getUserName();
    if (user.isEmpty() || connect.getPassword().isEmpty()) {
      output.failAuthentication(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "username and password required");
      return;
    }
    Optional<BrokerPrincipal> who;
    try {
      who = credentials.authenticate(user.get(), bytes(connect.getPassword().get()));
    } catch (RuntimeException e) {
      output.failAuthentication(ConnackReasonCode.SERVER_UNAVAILABLE, "credentials store unavailable");
      return;
    }
    if (who.isEmpty()) {
      output.failAuthentication(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "unknown user or wrong password");
      return;
    }
    if (!who.get().mayUseClientId(connect.getClientId())) {
      output.failAuthentication(ConnackReasonCode.CLIENT_IDENTIFIER_NOT_VALID, who.get().role()
          == BrokerPrincipal.Role.DEVICE ? "a device's client id must be its device id"
          : "an ingest client id must start with " + BrokerPrincipal.INGEST_CLIENT_PREFIX);
      return;
    }
    grant(output.getDefaultPermissions(), who.get());
    if (who.get().role() == BrokerPrincipal.Role.DEVICE) {
      input.getConnectionInformation().getConnectionAttributeStore().putAsString(DEVICE_ATTRIBUTE,
          who.get().deviceId());
    }
    output.authenticateSuccessfully();
  }

  /** The topic permissions of {@code who}; anything not listed is denied. */
  static void grant(ModifiableDefaultPermissions permissions, BrokerPrincipal who) {
    permissions.setDefaultBehaviour(DefaultAuthorizationBehaviour.DENY);
    if (who.role() == BrokerPrincipal.Role.INGEST) {
      permissions.add(permission("#", TopicPermission.MqttActivity.SUBSCRIBE, TopicPermission.SharedSubscription.ALL));
      permissions.add(permission(DeviceTopic.PREFIX + "+/" + DeviceTopic.ERRORS, TopicPermission.MqttActivity.PUBLISH,
          TopicPermission.SharedSubscription.ALL));
      return;
    }
    for (Channel c : Channel.values()) {
      permissions.add(permission(new DeviceTopic(who.deviceId(), c).topic(), TopicPermission.MqttActivity.PUBLISH,
          TopicPermission.SharedSubscription.ALL));
    }
    permissions.add(permission(DeviceTopic.errorsOf(who.deviceId()), TopicPermission.MqttActivity.SUBSCRIBE,
        TopicPermission.SharedSubscription.NOT_SHARED));
  }

  private static TopicPermission permission(String filter, TopicPermission.MqttActivity activity,
      TopicPermission.SharedSubscription shared) {
    return Builders.topicPermission().topicFilter(filter).type(TopicPermission.PermissionType.ALLOW)
        .activity(activity).qos(TopicPermission.Qos.ALL)
        // Retained device messages would be replayed to every new subscriber: publish them live only.
        .retain(activity == TopicPermission.MqttActivity.PUBLISH ? TopicPermission.Retain.NOT_RETAINED
            : TopicPermission.Retain.ALL)
        .sharedSubscription(shared).build();
  }

  /** The bytes of {@code buffer}, which stays as it was. */
  static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer b = buffer.asReadOnlyBuffer();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }
}
