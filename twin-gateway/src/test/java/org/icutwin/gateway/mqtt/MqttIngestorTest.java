package org.icutwin.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.icutwin.gateway.ingest.IngestStore;
import org.icutwin.gateway.ingest.RejectReason;
import org.icutwin.gateway.ingest.TestDirectories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The ingestor's acknowledgement rules over an in-memory link (no broker): order, failures, bad input, backlog. */
@Timeout(30)
class MqttIngestorTest {

  static final Instant AT = Instant.now().minusSeconds(60);
  // Two devices whose ids fall on different lanes of two.
  static final String SLOW = "cgm-1";
  static final String FAST = "cgm-2";

  final TestDirectories dirs = new TestDirectories().admit("p1", "adult-icu", 80.0)
      .device(SLOW, "cgm").bind(SLOW, "p1").device(FAST, "cgm").bind(FAST, "p1");
  final MemoryIngestStore memory = new MemoryIngestStore();
  final MemoryDeadLetters deadLetters = new MemoryDeadLetters();
  final RecordingMetrics metrics = new RecordingMetrics();
  final FakeLink.Factory links = new FakeLink.Factory();
  MqttIngestor ingestor;

  MqttIngestor start(IngestStore store, int receiveMaximum) {
    MqttIngestSettings s = MqttIngestSettings.of("tcp://unused:1", "icutwin-test")
        .withReconnectDelays(Duration.ofMillis(20), Duration.ofMillis(200));
    s = new MqttIngestSettings(s.serverUri(), s.clientId(), null, null, Optional.of("g"), s.sessionExpiry(),
        receiveMaximum, 2, s.reconnectDelayMin(), s.reconnectDelayMax(), s.keepAlive(), s.connectTimeout());
    MessageHandler handler = new MessageHandler(Fixtures.normaliser(dirs, Clock.systemUTC()), new FakeFhirReader(),
        store, deadLetters, metrics, Clock.systemUTC());
    ingestor = new MqttIngestor(s, links, handler, metrics);
    ingestor.start();
    await().atMost(Duration.ofSeconds(5)).until(ingestor::isConnected);
    return ingestor;
  }

  @AfterEach
  void close() {
    if (ingestor != null) {
      ingestor.close();
    }
  }

  static String topic(String device) {
    return new DeviceTopic(device, Channel.OBSERVATIONS).topic();
  }

  static byte[] glucose(String id, String device) {
    return Fixtures.bytes(Fixtures.glucose(id, device, AT, 6.0));
  }

  @Test
  void lanesAreSeparateForTheTwoTestDevices() {
    assertThat(Math.floorMod(SLOW.hashCode(), 2)).isNotEqualTo(Math.floorMod(FAST.hashCode(), 2));
  }

  @Test
  void subscribesWithOneSharedFilterPerChannel() {
    start(memory, 100);
    assertThat(links.last().subscriptions).containsExactly(List.of(
        "$share/g/icutwin/v1/devices/+/observations",
        "$share/g/icutwin/v1/devices/+/administrations",
        "$share/g/icutwin/v1/devices/+/fhir"));
  }

  @Test
  void acknowledgementsFollowArrivalOrderWhenALaterMessageFinishesFirst() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    IngestStore gated = item -> {
      if (item.messageId().equals("slow")) {
        awaitQuietly(release);
      }
      return memory.record(item);
    };
    start(gated, 100);
    FakeLink link = links.last();
    link.deliver(topic(SLOW), glucose("slow", SLOW), 11);
    link.deliver(topic(FAST), glucose("fast", FAST), 12);
    await().atMost(Duration.ofSeconds(5)).until(() -> memory.contains("fast"));
    assertThat(link.acks).as("no PUBACK may overtake the earlier message").isEmpty();
    release.countDown();
    await().atMost(Duration.ofSeconds(5)).until(() -> link.acks.size() == 2);
    assertThat(link.acks).containsExactly(11, 12);
    assertThat(metrics.count("acknowledged")).isEqualTo(2);
  }

  @Test
  void aStoreFailureLeavesTheMessageUnacknowledgedAndReconnectsSoItComesAgainAndIsRecordedOnce() {
    memory.failNext(1);
    start(memory, 100);
    FakeLink first = links.last();
    first.deliver(topic(SLOW), glucose("m1", SLOW), 1);
    await().atMost(Duration.ofSeconds(5)).until(() -> links.opened.size() == 2 && ingestor.isConnected());
    assertThat(first.acks).isEmpty();
    assertThat(first.connected).as("the failed connection was closed").isFalse();
    assertThat(metrics.count("storeFailed")).isEqualTo(1);
    // The broker redelivers everything unacknowledged on the new connection.
    FakeLink second = links.last();
    second.deliver(topic(SLOW), glucose("m1", SLOW), 1);
    second.deliver(topic(SLOW), glucose("m2", SLOW), 2);
    await().atMost(Duration.ofSeconds(5)).until(() -> second.acks.size() == 2);
    assertThat(memory.recorded()).isEqualTo(2);
    assertThat(deadLetters.letters).isEmpty();
  }

  @Test
  void messagesHandledAfterAFailureOnTheSameConnectionAreRecordedButNotAcknowledgedThenCountedAsDuplicates() {
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean failed = new AtomicBoolean();
    IngestStore store = item -> {
      if (item.messageId().equals("bad-db") && failed.compareAndSet(false, true)) {
        awaitQuietly(release);
        throw new IllegalStateException("database down (test)");
      }
      return memory.record(item);
    };
    start(store, 100);
    FakeLink first = links.last();
    first.deliver(topic(SLOW), glucose("bad-db", SLOW), 1);
    first.deliver(topic(FAST), glucose("later", FAST), 2);
    await().atMost(Duration.ofSeconds(5)).until(() -> memory.contains("later"));
    release.countDown();
    await().atMost(Duration.ofSeconds(5)).until(() -> links.opened.size() == 2 && ingestor.isConnected());
    assertThat(first.acks).isEmpty();
    FakeLink second = links.last();
    second.deliver(topic(SLOW), glucose("bad-db", SLOW), 1);
    second.deliver(topic(FAST), glucose("later", FAST), 2);
    await().atMost(Duration.ofSeconds(5)).until(() -> second.acks.size() == 2);
    assertThat(memory.recorded()).isEqualTo(2);
    assertThat(memory.duplicates()).isEqualTo(1);
    assertThat(metrics.count("duplicate")).isEqualTo(1);
  }

  @Test
  void aDeadLetterStoreFailureIsNotAcknowledgedEither() {
    deadLetters.failNext(1);
    start(memory, 100);
    FakeLink first = links.last();
    first.deliver(topic(SLOW), "{not json".getBytes(java.nio.charset.StandardCharsets.UTF_8), 1);
    await().atMost(Duration.ofSeconds(5)).until(() -> links.opened.size() == 2 && ingestor.isConnected());
    assertThat(first.acks).isEmpty();
    FakeLink second = links.last();
    second.deliver(topic(SLOW), "{not json".getBytes(java.nio.charset.StandardCharsets.UTF_8), 1);
    await().atMost(Duration.ofSeconds(5)).until(() -> second.acks.size() == 1);
    assertThat(deadLetters.letters).singleElement()
        .satisfies(l -> assertThat(l.rejection().reason()).isEqualTo(RejectReason.MALFORMED_JSON));
  }

  @Test
  void aBadMessageIsDeadLetteredReportedAndAcknowledgedWithoutHoldingUpTheGoodOnes() {
    start(memory, 100);
    FakeLink link = links.last();
    link.deliver(topic(SLOW), glucose("g1", SLOW), 1);
    link.deliver(topic(SLOW), Fixtures.bytes(Fixtures.glucose("bad", SLOW, AT, 6.0).put("value", "NaN")), 2);
    link.deliver(topic(SLOW), glucose("g2", SLOW), 3);
    await().atMost(Duration.ofSeconds(5)).until(() -> link.acks.size() == 3 && link.published.size() == 1);
    assertThat(link.acks).containsExactly(1, 2, 3);
    assertThat(memory.contains("g1") && memory.contains("g2")).isTrue();
    FakeLink.Published report = link.published.get(0);
    assertThat(report.topic()).isEqualTo("icutwin/v1/devices/" + SLOW + "/errors");
    ErrorReport r = ErrorReport.fromJson(report.payload());
    assertThat(r.reason()).isEqualTo(RejectReason.NOT_FINITE);
    assertThat(r.messageId()).isEqualTo("bad");
    assertThat(r.topic()).isEqualTo(topic(SLOW));
    assertThat(metrics.count("rejected:NOT_FINITE")).isEqualTo(1);
    assertThat(metrics.count("accepted:MQTT:glucose")).isEqualTo(2);
  }

  @Test
  void theClientThreadIsHeldBackWhenMoreThanTheReceiveMaximumAreUnhandled() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    IngestStore gated = item -> {
      awaitQuietly(release);
      return memory.record(item);
    };
    start(gated, 2);
    FakeLink link = links.last();
    link.deliver(topic(SLOW), glucose("b1", SLOW), 1);
    link.deliver(topic(SLOW), glucose("b2", SLOW), 2);
    Thread third = new Thread(() -> link.deliver(topic(SLOW), glucose("b3", SLOW), 3));
    third.start();
    third.join(300);
    assertThat(third.isAlive()).as("third delivery waits for room").isTrue();
    release.countDown();
    third.join(5_000);
    assertThat(third.isAlive()).isFalse();
    await().atMost(Duration.ofSeconds(5)).until(() -> link.acks.size() == 3);
    assertThat(link.acks).containsExactly(1, 2, 3);
  }

  @Test
  void backoffDoublesFromTheMinimumUpToTheMaximum() {
    start(memory, 100);
    assertThat(ingestor.backoff(1)).isEqualTo(Duration.ofMillis(20));
    assertThat(ingestor.backoff(2)).isEqualTo(Duration.ofMillis(40));
    assertThat(ingestor.backoff(4)).isEqualTo(Duration.ofMillis(160));
    assertThat(ingestor.backoff(50)).isEqualTo(Duration.ofMillis(200));
  }

  @Test
  void aLostConnectionIsReplacedByANewOne() {
    start(memory, 100);
    FakeLink first = links.last();
    first.connected = false;
    first.inbound.lost(new java.io.IOException("network (test)"));
    await().atMost(Duration.ofSeconds(5)).until(() -> links.opened.size() == 2 && ingestor.isConnected());
    assertThat(ingestor.connections()).isEqualTo(2);
  }

  static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
