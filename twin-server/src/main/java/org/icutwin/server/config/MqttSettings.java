package org.icutwin.server.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.net.URI;
import java.util.Optional;

/**
 * Which MQTT broker the gateway talks to ({@code --mqtt-url}, {@code icutwin.mqtt.url}).
 *
 * <p>Wiring point for twin-gateway: when {@link #externalBroker()} is empty the server starts the
 * embedded broker ({@code org.icutwin.gateway.mqtt.EmbeddedBroker}) on a loopback port; otherwise
 * the gateway connects to the given URL (e.g. {@code tcp://127.0.0.1:1883}).
 *
 * @param url external broker URL, or blank/absent for the embedded broker
 */
@ConfigurationProperties("icutwin.mqtt")
public record MqttSettings(@Nullable String url) {

  public MqttSettings {
    if (url != null && !url.isBlank()) {
      URI parsed = URI.create(url.strip());
      if (parsed.getScheme() == null || parsed.getHost() == null) {
        throw new IllegalArgumentException(
            "icutwin.mqtt.url must be a broker URL like tcp://127.0.0.1:1883, was '" + url + "'");
      }
    }
  }

  /** The external broker, or empty when the embedded one is to be used. */
  public Optional<URI> externalBroker() {
    return url == null || url.isBlank() ? Optional.empty() : Optional.of(URI.create(url.strip()));
  }
}
