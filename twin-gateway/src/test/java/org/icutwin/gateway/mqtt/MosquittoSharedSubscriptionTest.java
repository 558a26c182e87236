package org.icutwin.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.icutwin.gateway.ingest.TestDirectories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Two server nodes in one shared-subscription group split the device messages and lose none. */
class MosquittoSharedSubscriptionTest {

  static final int DEVICES = 4;
  static final int PER_DEVICE = 500;

  @TempDir
  Path dir;

  @Test
  @Timeout(90)
  void twoConsumersInOneGroupSplitTheMessagesAndRecordEachOnce() throws Exception {
    TestDirectories dirs = new TestDirectories().admit("p1", "adult-icu", 80.0);
    for (int d = 0; d < DEVICES; d++) {
      dirs.device("cgm-" + d, "cgm").bind("cgm-" + d, "p1");
    }
    MemoryIngestStore store = new MemoryIngestStore();
    RecordingMetrics metricsA = new RecordingMetrics();
    RecordingMetrics metricsB = new RecordingMetrics();
    try (MosquittoBroker broker = MosquittoBroker.start(dir);
        MqttIngestor a = node(broker, "icutwin-ingest-a", dirs, store, metricsA);
        MqttIngestor b = node(broker, "icutwin-ingest-b", dirs, store, metricsB)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> a.isConnected() && b.isConnected());
      Instant base = Instant.now().minus(Duration.ofHours(1));
      for (int d = 0; d < DEVICES; d++) {
        String device = "cgm-" + d;
        try (TestPublisher p = new TestPublisher(broker.uri(), device, null, null)) {
          String topic = new DeviceTopic(device, Channel.OBSERVATIONS).topic();
          for (int i = 0; i < PER_DEVICE; i++) {
            p.publish(topic, Fixtures.bytes(Fixtures.glucose(device + ":" + i, device, base.plusSeconds(i), 6.0)));
          }
          await().atMost(Duration.ofSeconds(30)).until(() -> p.acked.get() + p.failures.size() == PER_DEVICE);
          assertThat(p.failures).isEmpty();
        }
      }
      int total = DEVICES * PER_DEVICE;
      await().atMost(Duration.ofSeconds(30)).until(() -> store.size() == total);
      long byA = metricsA.count("accepted:MQTT:glucose");
      long byB = metricsB.count("accepted:MQTT:glucose");
      assertThat(byA + byB).isEqualTo(total);
      assertThat(byA).as("node a's share").isPositive();
      assertThat(byB).as("node b's share").isPositive();
      assertThat(store.recorded()).isEqualTo(total);
      assertThat(store.duplicates()).as("no message went to both nodes").isZero();
    }
  }

  static MqttIngestor node(MosquittoBroker broker, String clientId, TestDirectories dirs, MemoryIngestStore store,
      RecordingMetrics metrics) {
    MessageHandler handler = new MessageHandler(Fixtures.normaliser(dirs, Clock.systemUTC()), new FakeFhirReader(),
        store, new MemoryDeadLetters(), metrics, Clock.systemUTC());
    MqttIngestor node = new MqttIngestor(MqttIngestSettings.of(broker.uri(), clientId)
        .withSharedGroup(Optional.of("split")), handler, metrics);
    node.start();
    return node;
  }
}
