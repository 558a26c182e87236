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
 */
@ConfigurationProperties("icutwin.mqtt.broker")
public record MqttBrokerSettings(@Bindable(defaultValue = "true") boolean embedded,
    @Bindable(defaultValue = "1883") int port, @Bindable(defaultValue = "icutwin-ingest") String ingestUser) {
}
