package org.icutwin.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Exactly-once recording through a real Mosquitto while the consumer is killed and restarted. */
class MosquittoRedeliveryTest {

  @TempDir
  Path dir;

  @Test
  @Timeout(300)
  void tenThousandObservationsAreRecordedOnceAcrossAConsumerKilledMidStream() throws Exception {
    try (MosquittoBroker broker = MosquittoBroker.start(dir)) {
      MqttIngestSettings settings = MqttIngestSettings.of(broker.uri(), "icutwin-ingest-m1")
          .withSharedGroup(Optional.of("kill"))
          .withReconnectDelays(Duration.ofMillis(100), Duration.ofSeconds(2));
      KillRestartScenario.Figures f = KillRestartScenario.run(settings,
          device -> open(broker.uri(), device), Path.of("target", "mqtt-figures", "mosquitto-kill-restart.txt"));
      assertThat(f.recorded()).isEqualTo(KillRestartScenario.TOTAL);
      // Every recording and every duplicate came from a delivery; deliveries to the killed consumer
      // that were never handled add to it.
      assertThat(f.delivered()).isGreaterThanOrEqualTo((long) KillRestartScenario.TOTAL + f.duplicates());
    }
  }

  static TestPublisher open(String uri, String device) {
    try {
      return new TestPublisher(uri, device, null, null);
    } catch (Exception e) {
      throw new AssertionError("publisher for " + device + " could not connect", e);
    }
  }
}
