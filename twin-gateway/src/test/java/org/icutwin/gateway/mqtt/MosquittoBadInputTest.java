package org.icutwin.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.icutwin.gateway.ingest.DeadLetter;
import org.icutwin.gateway.ingest.TestDirectories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every class of bad input through a real Mosquitto: the reason arrives on the device's error topic
 * and in the dead-letter store, and the good messages published just before and after it are recorded.
 */
@Timeout(60)
class MosquittoBadInputTest {

  @TempDir
  static Path dir;
  static MosquittoBroker broker;
  static MqttIngestor ingestor;
  static ReportCollector reports;
  static TestPublisher publisher;
  static final MemoryIngestStore STORE = new MemoryIngestStore();
  static final MemoryDeadLetters DEAD_LETTERS = new MemoryDeadLetters();
  static final RecordingMetrics METRICS = new RecordingMetrics();

  @BeforeAll
  static void start() throws Exception {
    broker = MosquittoBroker.start(dir);
    TestDirectories dirs = BadInputs.directories(new TestDirectories().admit("p1", "adult-icu", 80.0));
    MessageHandler handler = new MessageHandler(Fixtures.normaliser(dirs, Clock.systemUTC()), new FakeFhirReader(),
        STORE, DEAD_LETTERS, METRICS, Clock.systemUTC());
    ingestor = new MqttIngestor(MqttIngestSettings.of(broker.uri(), "icutwin-ingest-bad")
        .withSharedGroup(Optional.of("bad")).withSessionExpiry(Duration.ZERO), handler, METRICS);
    ingestor.start();
    await().atMost(Duration.ofSeconds(10)).until(ingestor::isConnected);
    reports = new ReportCollector(broker.uri(), "error-watcher", null, null, "icutwin/v1/devices/+/errors");
    publisher = new TestPublisher(broker.uri(), "bad-publisher", null, null);
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {publisher, reports, ingestor, broker}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // Teardown.
      }
    }
  }

  static Stream<BadInputs.Case> badInputs() {
    return BadInputs.cases().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInputs")
  void theReasonIsPublishedAndDeadLetteredWhileGoodMessagesBesideItAreRecorded(BadInputs.Case c) throws Exception {
    String goodTopic = new DeviceTopic("good-1", Channel.OBSERVATIONS).topic();
    String before = "before-" + c.topic();
    String after = "after-" + c.topic();
    Instant at = Instant.now().minusSeconds(10);
    publisher.publishAndWait(goodTopic, Fixtures.bytes(Fixtures.glucose(before, "good-1", at, 6.1)));
    publisher.publishAndWait(c.topic(), c.payload());
    publisher.publishAndWait(goodTopic, Fixtures.bytes(Fixtures.glucose(after, "good-1", at.plusSeconds(1), 6.2)));

    String errors = DeviceTopic.errorsOf(DeviceTopic.parse(c.topic()).orElseThrow().deviceId());
    await().atMost(Duration.ofSeconds(10)).until(() -> !reports.on(errors).isEmpty());
    ErrorReport report = reports.on(errors).get(0);
    assertThat(report.reason()).as(report.detail()).isEqualTo(c.reason());
    assertThat(report.messageId()).isEqualTo(c.messageId());
    assertThat(report.topic()).isEqualTo(c.topic());
    assertThat(reports.on(errors)).hasSize(1);

    assertThat(DEAD_LETTERS.on(c.topic())).singleElement().extracting(DeadLetter::rejection)
        .satisfies(r -> assertThat(r.reason()).isEqualTo(c.reason()));
    await().atMost(Duration.ofSeconds(10)).until(() -> STORE.contains(before) && STORE.contains(after));
    assertThat(STORE.contains(c.messageId() == null ? "-" : c.messageId())).isFalse();
  }
}
