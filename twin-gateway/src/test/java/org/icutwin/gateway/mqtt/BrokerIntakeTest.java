package org.icutwin.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.icutwin.gateway.ingest.IngestStore;
import org.icutwin.gateway.ingest.TestDirectories;
import org.icutwin.gateway.mqtt.broker.BrokerIntake;
import org.icutwin.gateway.mqtt.broker.BrokerSettings;
import org.icutwin.gateway.mqtt.broker.EmbeddedBroker;
import org.icutwin.gateway.mqtt.broker.InMemoryBrokerCredentials;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded broker's direct intake over real MQTT 5 on loopback: a device's PUBACK follows the
 * store's commit, and whatever was not recorded is answered with an error the device acts on by
 * publishing again. One broker for the class; each test opens its own ingestor over the intake.
 */
@Timeout(120)
class BrokerIntakeTest {

  static final int IMPLEMENTATION_SPECIFIC_ERROR = 0x83;
  static final Instant AT = Instant.now().minusSeconds(120);

  @TempDir
  static Path dir;
  static EmbeddedBroker broker;
  static final BrokerIntake intake = new BrokerIntake(Duration.ofSeconds(2));

  final TestDirectories dirs = new TestDirectories().admit("p1", "adult-icu", 80.0)
      .device("dev-a", "cgm").bind("dev-a", "p1").device("dev-b", "cgm").bind("dev-b", "p1");
  final MemoryIngestStore memory = new MemoryIngestStore();
  final MemoryDeadLetters deadLetters = new MemoryDeadLetters();
  final RecordingMetrics metrics = new RecordingMetrics();
  MqttIngestor ingestor;
  final List<MqttAsyncClient> clients = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    InMemoryBrokerCredentials credentials = new InMemoryBrokerCredentials()
        .ingest("ingest", "ingest-secret")
        .device("dev-a", "a-secret", "dev-a")
        .device("dev-b", "b-secret", "dev-b");
    broker = EmbeddedBroker.start(BrokerSettings.loopback(Fixtures.freePort(), dir.resolve("broker")), credentials,
        intake);
  }

  @AfterAll
  static void stop() {
    if (broker != null) {
      broker.close();
    }
  }

  @AfterEach
  void closeAll() throws Exception {
    if (ingestor != null) {
      ingestor.close();
    }
    for (MqttAsyncClient c : clients) {
      EmbeddedBrokerTest.close(c);
    }
  }

  MqttIngestor startIngestor(IngestStore store) {
    MqttIngestSettings s = MqttIngestSettings.of(broker.uri(), "icutwin-ingest-t")
        .withReconnectDelays(Duration.ofMillis(50), Duration.ofMillis(200));
    ingestor = MqttIngestor.create(s, intake, Fixtures.normaliser(dirs, Clock.systemUTC()), new FakeFhirReader(), store,
        deadLetters, metrics, Clock.systemUTC());
    ingestor.start();
    await().atMost(Duration.ofSeconds(10)).until(ingestor::isConnected);
    return ingestor;
  }

  MqttAsyncClient device(String id) throws Exception {
    MqttAsyncClient c = EmbeddedBrokerTest.connect(broker, id, id, id.equals("dev-a") ? "a-secret" : "b-secret");
    clients.add(c);
    return c;
  }

  static IMqttToken publish(MqttAsyncClient c, String topic, byte[] payload) throws Exception {
    return c.publish(topic, new MqttMessage(payload, 1, false, new MqttProperties()));
  }

  static int reason(IMqttToken t) throws Exception {
    t.waitForCompletion(15_000);
    int[] codes = t.getReasonCodes();
    return codes == null || codes.length == 0 ? 0 : codes[0];
  }

  static String topic(String device) {
    return new DeviceTopic(device, Channel.OBSERVATIONS).topic();
  }

  static byte[] glucose(String id, String device) {
    return Fixtures.bytes(Fixtures.glucose(id, device, AT, 6.5));
  }

  @Test
  void aDevicesPubackComesOnlyAfterTheStoreHasRecordedTheMessage() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    startIngestor(memory.beforeEach(item -> {
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }));
    MqttAsyncClient a = device("dev-a");
    IMqttToken t = publish(a, topic("dev-a"), glucose("dev-a:1", "dev-a"));
    Thread.sleep(700);
    assertThat(t.isComplete()).as("PUBACK while the store has not committed").isFalse();
    assertThat(memory.size()).isZero();
    release.countDown();
    assertThat(reason(t)).isZero();
    assertThat(memory.find("dev-a:1")).isPresent();
  }

  @Test
  void aStoreFailureAnswersTheDeviceWithAnErrorAndItsResendIsRecordedOnce() throws Exception {
    startIngestor(memory.failNext(1));
    MqttAsyncClient a = device("dev-a");
    assertThat(reason(publish(a, topic("dev-a"), glucose("dev-a:2", "dev-a"))))
        .isEqualTo(IMPLEMENTATION_SPECIFIC_ERROR);
    assertThat(memory.size()).isZero();
    await().atMost(Duration.ofSeconds(10)).until(ingestor::isConnected);
    assertThat(reason(publish(a, topic("dev-a"), glucose("dev-a:2", "dev-a")))).isZero();
    assertThat(reason(publish(a, topic("dev-a"), glucose("dev-a:2", "dev-a")))).as("a duplicate").isZero();
    assertThat(memory.recorded()).isEqualTo(1);
    assertThat(ingestor.connections()).isEqualTo(2);
  }

  @Test
  void aMessageNotRecordedInTimeIsAnsweredWithAnErrorAndItsResendIsRecordedOnce() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    startIngestor(memory.beforeEach(item -> {
      if (item.messageId().equals("dev-a:3")) {
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }));
    MqttAsyncClient a = device("dev-a");
    assertThat(reason(publish(a, topic("dev-a"), glucose("dev-a:3", "dev-a")))).as("after the 2-s intake timeout")
        .isEqualTo(IMPLEMENTATION_SPECIFIC_ERROR);
    release.countDown();
    assertThat(reason(publish(a, topic("dev-a"), glucose("dev-a:3", "dev-a")))).isZero();
    assertThat(memory.recorded()).isEqualTo(1);
  }

  @Test
  void withNoIngestRunningADeviceIsToldToPublishAgain() throws Exception {
    MqttAsyncClient a = device("dev-a");
    assertThat(reason(publish(a, topic("dev-a"), glucose("dev-a:4", "dev-a"))))
        .isEqualTo(IMPLEMENTATION_SPECIFIC_ERROR);
    startIngestor(memory);
    assertThat(reason(publish(a, topic("dev-a"), glucose("dev-a:4", "dev-a")))).isZero();
    assertThat(memory.recorded()).isEqualTo(1);
  }

  @Test
  void aDeviceCannotPublishForAnotherDevice() throws Exception {
    startIngestor(memory);
    MqttAsyncClient a = device("dev-a");
    int forged;
    try {
      forged = reason(publish(a, topic("dev-b"), glucose("dev-b:1", "dev-b")));
    } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
      forged = 0x87; // refused by closing the connection
    }
    assertThat(forged).isGreaterThanOrEqualTo(0x80);
    MqttAsyncClient b = device("dev-b");
    assertThat(reason(publish(b, topic("dev-b"), glucose("dev-b:2", "dev-b")))).isZero();
    assertThat(memory.find("dev-b:1")).isEmpty();
    assertThat(memory.find("dev-b:2")).isPresent();
  }

  @Test
  void aRefusedMessageIsAcknowledgedAndReportedOnTheDevicesErrorTopic() throws Exception {
    startIngestor(memory);
    MqttAsyncClient b = device("dev-b");
    List<String> seen = new CopyOnWriteArrayList<>();
    BrokerTestAccess.watch(b, DeviceTopic.errorsOf("dev-b"), seen);
    assertThat(reason(publish(b, topic("dev-b"), "{not json".getBytes(StandardCharsets.UTF_8)))).isZero();
    await().atMost(Duration.ofSeconds(10)).until(() -> !seen.isEmpty());
    assertThat(seen.get(0)).startsWith(DeviceTopic.errorsOf("dev-b")).contains("MALFORMED_JSON");
    assertThat(deadLetters.on(topic("dev-b"))).hasSize(1);
    assertThat(memory.size()).isZero();
  }
}
