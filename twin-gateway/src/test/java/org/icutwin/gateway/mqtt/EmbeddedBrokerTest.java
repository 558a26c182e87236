package org.icutwin.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import java.util.Optional;
import org.icutwin.gateway.mqtt.broker.BrokerSettings;
import org.icutwin.gateway.mqtt.broker.EmbeddedBroker;
import org.icutwin.gateway.mqtt.broker.InMemoryBrokerCredentials;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded HiveMQ broker over real MQTT 5 on loopback: logins, client-id rules, topic permissions,
 * and exactly-once ingest across a consumer killed mid-stream. One broker for the class (it takes
 * seconds to start).
 */
@Timeout(180)
class EmbeddedBrokerTest {

  @TempDir
  static Path dir;
  static EmbeddedBroker broker;

  @BeforeAll
  static void start() {
    InMemoryBrokerCredentials credentials = new InMemoryBrokerCredentials()
        .ingest("ingest", "ingest-secret")
        .device("dev-a", "a-secret", "dev-a")
        .device("dev-b", "b-secret", "dev-b");
    KillRestartScenario.devices().forEach(d -> credentials.device(d, d + "-secret", d));
    broker = EmbeddedBroker.start(BrokerSettings.loopback(Fixtures.freePort(), dir.resolve("broker")), credentials);
  }

  @AfterAll
  static void stop() {
    if (broker != null) {
      broker.close();
    }
  }

  static MqttAsyncClient connect(String clientId, String user, String password) throws MqttException {
    return connect(broker, clientId, user, password);
  }

  /** A client of broker {@code b}, connected with clean start (closed again if the connect fails). */
  static MqttAsyncClient connect(EmbeddedBroker b, String clientId, String user, String password)
      throws MqttException {
    MqttAsyncClient c = new MqttAsyncClient(b.uri(), clientId, new MemoryPersistence());
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setCleanStart(true);
    if (user != null) {
      o.setUserName(user);
      o.setPassword(password.getBytes(StandardCharsets.UTF_8));
    }
    try {
      c.connect(o).waitForCompletion(10_000);
    } catch (MqttException e) {
      c.close(true);
      throw e;
    }
    return c;
  }

  /** Closes {@code c}, which the broker may already have disconnected after a refused publish. */
  static void close(MqttAsyncClient c) throws MqttException {
    try {
      if (c.isConnected()) {
        c.disconnectForcibly(0, 1_000, true);
      }
    } catch (MqttException e) {
      // Already gone.
    }
    c.close(true);
  }

  @Test
  void listensOnTheConfiguredLoopbackPort() {
    assertThat(broker.isRunning()).isTrue();
    assertThat(broker.uri()).isEqualTo("tcp://127.0.0.1:" + broker.port());
  }

  @Test
  void anUnknownUserCannotConnect() {
    assertThatThrownBy(() -> connect("dev-x", "nobody", "guess")).isInstanceOf(MqttException.class);
  }

  @Test
  void aWrongPasswordCannotConnect() {
    assertThatThrownBy(() -> connect("dev-a", "dev-a", "b-secret")).isInstanceOf(MqttException.class);
  }

  @Test
  void aClientWithoutCredentialsCannotConnect() {
    assertThatThrownBy(() -> connect("dev-a", null, null)).isInstanceOf(MqttException.class);
  }

  @Test
  void aDeviceMustUseItsOwnIdAsClientIdSoItCannotTakeOverAnotherSession() throws Exception {
    assertThatThrownBy(() -> connect("dev-b", "dev-a", "a-secret")).isInstanceOf(MqttException.class);
    assertThatThrownBy(() -> connect("icutwin-ingest-1", "dev-a", "a-secret")).isInstanceOf(MqttException.class);
    close(connect("dev-a", "dev-a", "a-secret"));
  }

  @Test
  void aDeviceCanPublishForItselfButNotForAnotherDevice() throws Exception {
    MqttAsyncClient watcher = connect("icutwin-watch-1", "ingest", "ingest-secret");
    java.util.List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    BrokerTestAccess.watch(watcher, "icutwin/v1/devices/+/observations", seen);
    MqttAsyncClient a = connect("dev-a", "dev-a", "a-secret");
    try {
      int forged = BrokerTestAccess.publishReason(a, "icutwin/v1/devices/dev-b/observations", "forged");
      // Settled (PUBACK with a failure code, or the connection closed) before the next publish is sent.
      assertThat(forged).as("PUBACK reason code of the forged publish").isGreaterThanOrEqualTo(0x80);
    } finally {
      close(a);
    }
    MqttAsyncClient again = connect("dev-a", "dev-a", "a-secret");
    try {
      assertThat(BrokerTestAccess.publishReason(again, "icutwin/v1/devices/dev-a/observations", "own"))
          .isLessThan(0x80);
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("icutwin/v1/devices/dev-a/observations own"));
      assertThat(seen).noneMatch(s -> s.contains("forged"));
    } finally {
      close(again);
      close(watcher);
    }
  }

  @Test
  void aDeviceCanReadItsOwnErrorsButNotAnotherDevicesOrTheDataTopics() throws Exception {
    MqttAsyncClient a = connect("dev-a", "dev-a", "a-secret");
    try {
      assertThat(subscribeReason(a, "icutwin/v1/devices/dev-a/errors")).isLessThan(0x80);
      assertThat(subscribeReason(a, "icutwin/v1/devices/dev-b/errors")).isGreaterThanOrEqualTo(0x80);
      assertThat(subscribeReason(a, "icutwin/v1/devices/+/observations")).isGreaterThanOrEqualTo(0x80);
    } finally {
      close(a);
    }
  }

  @Test
  void theIngestLoginSubscribesSharedAndPublishesErrorsButNotDeviceData() throws Exception {
    MqttAsyncClient s = connect("icutwin-ingest-perm", "ingest", "ingest-secret");
    try {
      assertThat(subscribeReason(s, "$share/g/icutwin/v1/devices/+/observations")).isLessThan(0x80);
      assertThat(BrokerTestAccess.publishReason(s, "icutwin/v1/devices/dev-a/errors", "{}")).isLessThan(0x80);
      assertThat(BrokerTestAccess.publishReason(s, "icutwin/v1/devices/dev-a/observations", "{}"))
          .isGreaterThanOrEqualTo(0x80);
    } finally {
      close(s);
    }
  }

  @Test
  @Timeout(300)
  void tenThousandObservationsAreRecordedOnceAcrossAConsumerKilledMidStream() throws Exception {
    // As twin-server subscribes to its embedded broker: plainly, with the default flow settings. A
    // shared subscription on HiveMQ CE is what an external-broker cluster would use, and it is not
    // used here: HiveMQ CE was measured to deliver this scenario 8x slower with a receive maximum of
    // 1,000, a CI run timed out even at 100, and a killed shared subscriber lost its in-flight
    // messages (docs/mqtt.md). The shared variant runs against Mosquitto (MosquittoRedeliveryTest).
    MqttIngestSettings settings = MqttIngestSettings.of(broker.uri(), "icutwin-ingest-h1")
        .withCredentials("ingest", "ingest-secret")
        .withSharedGroup(Optional.empty())
        .withReconnectDelays(Duration.ofMillis(100), Duration.ofSeconds(2));
    KillRestartScenario.Figures f = KillRestartScenario.run(settings, EmbeddedBrokerTest::publisher,
        Path.of("target", "mqtt-figures", "hivemq-kill-restart.txt"));
    assertThat(f.recorded()).isEqualTo(KillRestartScenario.TOTAL);
    assertThat(f.delivered()).isGreaterThanOrEqualTo((long) KillRestartScenario.TOTAL + f.duplicates());
  }

  static TestPublisher publisher(String device) {
    try {
      return new TestPublisher(broker.uri(), device, device, device + "-secret");
    } catch (Exception e) {
      throw new AssertionError("publisher for " + device + " could not connect", e);
    }
  }

  static int subscribeReason(MqttAsyncClient c, String filter) throws MqttException {
    IMqttToken t = c.subscribe(filter, 1);
    t.waitForCompletion(10_000);
    return t.getReasonCodes()[0];
  }
}
