package org.icutwin.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ServerOptionsTest {

  @Test
  void optionsBecomeConfigurationProperties() {
    ServerOptions options = ServerOptions.parse("--demo", "--accelerate=60", "--data-dir", "/tmp/x", "--port=9090",
        "--mqtt-port", "11883", "--mqtt-url=tcp://127.0.0.1:1883");
    assertThat(options.properties())
        .containsEntry("icutwin.demo.enabled", true)
        .containsEntry("icutwin.demo.accelerate", 60.0)
        .containsEntry("icutwin.data-dir", "/tmp/x")
        .containsEntry("micronaut.server.port", 9090)
        .containsEntry("icutwin.mqtt.broker.port", 11883)
        .containsEntry("icutwin.mqtt.url", "tcp://127.0.0.1:1883");
    assertThat(options.help()).isFalse();
  }

  @Test
  void noOptionsMeansTheConfiguredDefaults() {
    assertThat(ServerOptions.parse().properties()).isEmpty();
  }

  @Test
  void badOptionsAreRefusedByName() {
    assertThatThrownBy(() -> ServerOptions.parse("--prot=80")).hasMessageContaining("--prot=80");
    assertThatThrownBy(() -> ServerOptions.parse("--port=http")).hasMessageContaining("--port");
    assertThatThrownBy(() -> ServerOptions.parse("--port=70000")).hasMessageContaining("0..65535");
    assertThatThrownBy(() -> ServerOptions.parse("--mqtt-port=-1")).hasMessageContaining("--mqtt-port");
    assertThatThrownBy(() -> ServerOptions.parse("--accelerate=0.5")).hasMessageContaining(">= 1");
    assertThatThrownBy(() -> ServerOptions.parse("--data-dir")).hasMessageContaining("needs a value");
  }
}
