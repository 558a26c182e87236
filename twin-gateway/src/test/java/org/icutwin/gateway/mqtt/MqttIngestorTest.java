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
        receiveMaximum, 2, 100, s.reconnectDelayMin(), s.reconnectDelayMax(), s.keepAlive(), s.connectTimeout());
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
    IngestStore gated = memory.beforeEach(item -> {
      if (item.messageId().equals("slow")) {
        awaitQuietly(release);
      }
    });
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
    IngestStore store = memory.beforeEach(item -> {
      if (item.messageId().equals("bad-db") && failed.compareAndSet(false, true)) {
        awaitQuietly(release);
        throw new IllegalStateException("database down (test)");
      }
    });
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
    IngestStore gated = memory.beforeEach(item -> awaitQuietly(release));
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

  /**
   * A store whose batch containing {@code gateId} waits for {@code release} (after counting down
   * {@code entered}), so that the messages delivered meanwhile queue up on the lane and form the
   * next batch; a batch containing {@code doomedId} fails the first time, as a commit would.
   */
  IngestStore gatedStore(String gateId, CountDownLatch entered, CountDownLatch release, String doomedId) {
    AtomicBoolean doomed = new AtomicBoolean(doomedId != null);
    return new IngestStore() {
      @Override
      public Outcome record(org.icutwin.gateway.ingest.IngestItem item) {
        return recordAll(List.of(item)).get(0);
      }

      @Override
      public List<Outcome> recordAll(List<org.icutwin.gateway.ingest.IngestItem> items) {
        if (items.stream().anyMatch(i -> i.messageId().equals(gateId))) {
          entered.countDown();
          awaitQuietly(release);
        }
        if (items.stream().anyMatch(i -> i.messageId().equals(doomedId)) && doomed.compareAndSet(true, false)) {
          throw new IllegalStateException("commit failed (test)");
        }
        return memory.recordAll(items);
      }

      @Override
      public java.util.Optional<org.icutwin.gateway.ingest.IngestItem> find(String messageId) {
        return memory.find(messageId);
      }
    };
  }

  @Test
  void messagesWaitingOnALaneAreCommittedTogetherAndAMalformedOneAmongThemIsRefusedAloneWithItsReason()
      throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    start(gatedStore("gate", entered, release, null), 100);
    FakeLink link = links.last();
    link.deliver(topic(SLOW), glucose("gate", SLOW), 1);
    assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
    link.deliver(topic(SLOW), glucose("a", SLOW), 2);
    link.deliver(topic(SLOW), glucose("b", SLOW), 3);
    link.deliver(topic(SLOW), "{\"version\": 1, \"messageId\": ".getBytes(java.nio.charset.StandardCharsets.UTF_8), 4);
    link.deliver(topic(SLOW), Fixtures.bytes(Fixtures.glucose("nan", SLOW, AT, 6.0).put("value", "NaN")), 5);
    link.deliver(topic(SLOW), glucose("c", SLOW), 6);
    link.deliver(topic(SLOW), glucose("a", SLOW), 7);
    assertThat(link.acks).as("nothing acknowledged before its commit").isEmpty();
    release.countDown();
    await().atMost(Duration.ofSeconds(5)).until(() -> link.acks.size() == 7 && link.published.size() == 2);
    assertThat(link.acks).containsExactly(1, 2, 3, 4, 5, 6, 7);
    assertThat(memory.batches()).as("the gate alone, then the four accepted items of the waiting six in one commit")
        .containsExactly(1, 4);
    assertThat(memory.order()).containsExactly("gate", "a", "b", "c");
    assertThat(memory.duplicates()).as("'a' sent twice in the batch is recorded once").isEqualTo(1);
    assertThat(deadLetters.letters).extracting(l -> l.rejection().reason())
        .containsExactly(RejectReason.MALFORMED_JSON, RejectReason.NOT_FINITE);
    assertThat(link.published).extracting(p -> ErrorReport.fromJson(p.payload()).reason())
        .containsExactly(RejectReason.MALFORMED_JSON, RejectReason.NOT_FINITE);
    assertThat(ErrorReport.fromJson(link.published.get(1).payload()).messageId()).isEqualTo("nan");
    assertThat(metrics.count("accepted:MQTT:glucose")).isEqualTo(4);
    assertThat(metrics.count("duplicate")).isEqualTo(1);
    assertThat(metrics.batchSizes).as("messages handled per lane batch, refused ones included").containsExactly(1, 6);
  }

  @Test
  void aFailedBatchCommitRecordsNothingAcknowledgesNothingAndTheRedeliveryIsRecordedOnce() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    start(gatedStore("gate", entered, release, "doomed"), 100);
    FakeLink first = links.last();
    first.deliver(topic(SLOW), glucose("gate", SLOW), 1);
    assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
    first.deliver(topic(SLOW), glucose("x1", SLOW), 2);
    first.deliver(topic(SLOW), glucose("doomed", SLOW), 3);
    first.deliver(topic(SLOW), glucose("x2", SLOW), 4);
    release.countDown();
    await().atMost(Duration.ofSeconds(5)).until(() -> links.opened.size() == 2 && ingestor.isConnected());
    assertThat(first.acks).as("only the gate's own commit succeeded").containsExactly(1);
    assertThat(memory.order()).containsExactly("gate");
    assertThat(metrics.count("storeFailed")).isEqualTo(1);
    assertThat(metrics.count("accepted:MQTT:glucose")).isEqualTo(1);
    FakeLink second = links.last();
    second.deliver(topic(SLOW), glucose("x1", SLOW), 2);
    second.deliver(topic(SLOW), glucose("doomed", SLOW), 3);
    second.deliver(topic(SLOW), glucose("x2", SLOW), 4);
    await().atMost(Duration.ofSeconds(5)).until(() -> second.acks.size() == 3);
    assertThat(second.acks).containsExactly(2, 3, 4);
    assertThat(memory.order()).containsExactly("gate", "x1", "doomed", "x2");
    assertThat(memory.duplicates()).isZero();
  }

  @Test
  void eachDevicesMessagesAreRecordedInTheOrderTheyArrivedAndAcknowledgedInArrivalOrder() {
    start(memory, 50);
    FakeLink link = links.last();
    List<String> devices = List.of(SLOW, FAST, "cgm-3", "cgm-4");
    for (String d : devices.subList(2, 4)) {
      dirs.device(d, "cgm").bind(d, "p1");
    }
    int perDevice = 300;
    for (int n = 0; n < perDevice; n++) {
      for (int d = 0; d < devices.size(); d++) {
        String device = devices.get(d);
        link.deliver(topic(device), glucose(device + "#" + n, device), 1 + n * devices.size() + d);
      }
    }
    int total = perDevice * devices.size();
    await().atMost(Duration.ofSeconds(20)).until(() -> link.acks.size() == total);
    for (int i = 0; i < total; i++) {
      assertThat(link.acks.get(i)).isEqualTo(i + 1);
    }
    for (String device : devices) {
      List<String> mine = memory.order().stream().filter(id -> id.startsWith(device + "#")).toList();
      assertThat(mine).hasSize(perDevice);
      for (int n = 0; n < perDevice; n++) {
        assertThat(mine.get(n)).isEqualTo(device + "#" + n);
      }
    }
    assertThat(memory.batches().stream().mapToInt(Integer::intValue).sum()).isEqualTo(total);
  }

  static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
