package org.icutwin.server.mqtt;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * The server's MQTT side.
 *
 * @param embedded whether to start the embedded broker when no external broker URL is configured
 *     (tests that do not need MQTT turn it off)
 * @param port loopback port of the embedded broker
 * @param ingestUser the login the server's ingest client uses (its password is generated into the data directory)
 * @param intake how the server takes device data from the embedded broker: {@code direct} (default)
 *     records each message before the broker acknowledges it to the device; {@code subscription}
 *     subscribes like a client of an external broker, so that a message the broker acknowledged
 *     waits in the broker's file store until the server has it (docs/mqtt.md)
 * @param intakeTimeout how long a device's PUBLISH may wait for the server to record it ({@code direct})
 */
@ConfigurationProperties("icutwin.mqtt.broker")
public record MqttBrokerSettings(@Bindable(defaultValue = "true") boolean embedded,
    @Bindable(defaultValue = "1883") int port, @Bindable(defaultValue = "icutwin-ingest") String ingestUser,
    @Bindable(defaultValue = "direct") String intake, @Bindable(defaultValue = "30s") java.time.Duration intakeTimeout) {

  public MqttBrokerSettings {
    if (!"direct".equals(intake) && !"subscription".equals(intake)) {
      throw new IllegalArgumentException("icutwin.mqtt.broker.intake must be 'direct' or 'subscription', got '"
          + intake + "'");
    }
  }

  /** Whether the embedded broker hands device data to the server before acknowledging it. */
  public boolean directIntake() {
    return "direct".equals(intake);
  }
}
