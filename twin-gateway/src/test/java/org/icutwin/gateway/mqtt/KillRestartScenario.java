package org.icutwin.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.icutwin.gateway.ingest.IngestStore;
import org.icutwin.gateway.ingest.TestDirectories;

/**
 * 10,000 QoS-1 observations from four devices while the ingest consumer is closed mid-stream and a
 * new one (same client id, so the same broker session) started: every acknowledged message must
 * already be recorded, and all 10,000 must end up recorded exactly once.
 */
final class KillRestartScenario {

  static final int DEVICES = 4;
  static final int PER_DEVICE = 2_500;
  static final int TOTAL = DEVICES * PER_DEVICE;

  /** What a run measured. */
  record Figures(int recorded, int duplicates, long delivered, long acknowledged, int recordedAtKill,
      long unacknowledgedAtKill, int sentAtRestart, long millis, String perConnection) {
  }

  private KillRestartScenario() {
  }

  static List<String> devices() {
    List<String> d = new ArrayList<>();
    for (int i = 0; i < DEVICES; i++) {
      d.add("cgm-" + i);
    }
    return d;
  }

  /**
   * @param publisherFor opens a device's publisher (client id and login as the broker wants them)
   * @param figuresFile where the measured figures are written (tests assert, they do not print)
   */
  static Figures run(MqttIngestSettings settings, Function<String, TestPublisher> publisherFor, Path figuresFile)
      throws Exception {
    TestDirectories dirs = new TestDirectories().admit("p1", "adult-icu", 80.0);
    devices().forEach(d -> dirs.device(d, "cgm").bind(d, "p1"));
    MemoryIngestStore store = new MemoryIngestStore();
    MemoryDeadLetters deadLetters = new MemoryDeadLetters();
    RecordingMetrics metrics = new RecordingMetrics();
    // From the 3000th write on, writes wait (as on a stalled database) until the consumer is being
    // killed: messages are then certainly in flight, and the ones being written when the kill comes
    // are recorded but never acknowledged.
    CountDownLatch stall = new CountDownLatch(1);
    IngestStore stallingStore = store.beforeEach(item -> {
      if (store.size() >= 3_000) {
        awaitQuietly(stall);
      }
    });
    MessageHandler handler = new MessageHandler(Fixtures.normaliser(dirs, Clock.systemUTC()), new FakeFhirReader(),
        stallingStore, deadLetters, metrics, Clock.systemUTC());
    AuditedLinks links = new AuditedLinks(PahoLink.factory(settings), store);
    long t0 = System.nanoTime();
    Instant base = Instant.now().minus(Duration.ofHours(4)).truncatedTo(ChronoUnit.SECONDS);

    MqttIngestor first = new MqttIngestor(settings, links, handler, metrics);
    first.start();
    await("first consumer subscribed").atMost(Duration.ofSeconds(20)).until(first::isConnected);

    List<TestPublisher> publishers = devices().stream().map(publisherFor).toList();
    ExecutorService threads = Executors.newFixedThreadPool(DEVICES);
    List<Future<?>> sending = new ArrayList<>();
    for (int d = 0; d < DEVICES; d++) {
      String device = devices().get(d);
      TestPublisher p = publishers.get(d);
      Random random = new Random(20_261_122L + d);
      sending.add(threads.submit(() -> {
        String topic = new DeviceTopic(device, Channel.OBSERVATIONS).topic();
        for (int i = 0; i < PER_DEVICE; i++) {
          double mmol = 4.0 + 8.0 * random.nextDouble();
          p.publish(topic, Fixtures.bytes(Fixtures.glucose(device + ":" + i, device, base.plusSeconds(i), mmol)));
        }
        return null;
      }));
    }
    MqttIngestor second = null;
    try {
      // Generous bounds: the embedded broker writes every message to disk (about 700 msg/s here alone,
      // far fewer when CI shares the machine); the assertions are about counts, not speed. Each stage
      // has its own bound, well inside the test's, so that a stuck stage fails under its own name.
      try {
        await("3000 recorded before the kill").atMost(Duration.ofSeconds(90)).until(() -> store.size() >= 3_000);
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        throw new AssertionError(e.getMessage() + "; " + progress(store, links, publishers), e);
      }
      // Usually 10 or more are in flight within moments (the stalled writes and the arrivals queued
      // behind them). The broker may also hold back (HiveMQ delivers only a few messages ahead of the
      // acknowledgements), so after 20 s the kill goes ahead with what is in flight: at least the
      // stalled write itself, which is recorded after the kill and must come back as a duplicate.
      try {
        await("10 in flight").atMost(Duration.ofSeconds(20)).until(() -> links.delivered() - links.acknowledged() >= 10);
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        assertThat(links.delivered() - links.acknowledged()).as("in flight at the kill; " + progress(store, links, publishers))
            .isPositive();
      }
      int recordedAtKill = store.size();
      long unacknowledgedAtKill = links.delivered() - links.acknowledged();
      Thread kill = new Thread(first::close, "kill");
      kill.start();
      await("connection dropped").atMost(Duration.ofSeconds(10)).until(() -> !first.isConnected());
      stall.countDown();
      kill.join(20_000);
      await("6000 sent while the consumer is down").atMost(Duration.ofSeconds(90))
          .until(() -> sent(publishers) >= 6_000 || sending.stream().allMatch(Future::isDone));
      int sentAtRestart = sent(publishers);
      second = new MqttIngestor(settings, links, handler, metrics);
      second.start();

      for (Future<?> f : sending) {
        f.get(60, java.util.concurrent.TimeUnit.SECONDS);
      }
      await("every publish acknowledged by the broker").atMost(Duration.ofSeconds(60))
          .until(() -> publishers.stream().mapToInt(p -> p.acked.get() + p.failures.size()).sum() == TOTAL);
      publishers.forEach(p -> assertThat(p.failures).as("publish failures").isEmpty());
      await("all " + TOTAL + " recorded").atMost(Duration.ofSeconds(90)).until(() -> store.size() == TOTAL);
      AuditedLinks.Audit last = links.links.get(links.links.size() - 1);
      await("the new consumer acknowledged everything it was given").atMost(Duration.ofMinutes(1))
          .until(() -> last.acknowledged.get() == last.delivered.get());

      assertThat(store.recorded()).as("each message recorded once").isEqualTo(TOTAL);
      assertThat(store.duplicates()).as("the writes under way at the kill come again as duplicates").isPositive();
      assertThat(links.violations).as("acknowledged before recorded").isEmpty();
      assertThat(deadLetters.letters).as("dead letters").isEmpty();
      assertThat(metrics.count("accepted:MQTT:glucose")).isEqualTo(TOTAL);
      assertThat(second.connections()).isGreaterThanOrEqualTo(1);
      Figures f = new Figures(store.recorded(), store.duplicates(), links.delivered(), links.acknowledged(),
          recordedAtKill, unacknowledgedAtKill, sentAtRestart, (System.nanoTime() - t0) / 1_000_000, links.links.stream()
          .map(a -> a.delivered.get() + " delivered/" + a.acknowledged.get() + " acked/" + a.qos0.get() + " qos0").toList().toString());
      write(figuresFile, f);
      return f;
    } finally {
      first.close();
      if (second != null) {
        second.close();
      }
      threads.shutdownNow();
      publishers.forEach(TestPublisher::close);
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(120, java.util.concurrent.TimeUnit.SECONDS); // well past the 20-s in-flight fallback and the kill
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Where a run stands, for the message of a stage that did not complete. */
  private static String progress(MemoryIngestStore store, AuditedLinks links, List<TestPublisher> publishers) {
    return "recorded " + store.size() + ", delivered " + links.delivered() + ", acknowledged " + links.acknowledged()
        + ", published " + sent(publishers) + ", acknowledged by the broker "
        + publishers.stream().mapToInt(p -> p.acked.get()).sum() + ", publish failures "
        + publishers.stream().mapToInt(p -> p.failures.size()).sum();
  }

  private static int sent(List<TestPublisher> publishers) {
    return publishers.stream().mapToInt(p -> p.sent.get()).sum();
  }

  private static void write(Path file, Figures f) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, f.toString() + System.lineSeparator());
  }
}
