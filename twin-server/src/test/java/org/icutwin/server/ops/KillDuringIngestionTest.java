package org.icutwin.server.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.icutwin.server.ServerTestSupport;
import org.icutwin.server.security.JwtSecret;
import org.icutwin.server.security.Role;
import org.icutwin.server.security.TokenService;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 6's acceptance test: the server process is killed (SIGKILL) while a device publishes, and
 * restarted on the same data directory; the device resends what was not acknowledged. Every
 * observation whose PUBACK the device saw must be recorded exactly once, in the ingest inbox and
 * in the twin, and the twin's estimate must rest on all of them.
 *
 * <p>The embedded broker's direct intake (the default) sends the device's PUBACK only after the
 * server's inbox commit, so at the kill every acknowledged observation must already be in the inbox
 * (read directly, while the server is down). With a plain subscription the PUBACK came from HiveMQ
 * and such observations rested in its file store, which a kill once left unreadable (stop 23's CI:
 * "Current transaction should be exclusive" on restart, nothing delivered after it).
 */
class KillDuringIngestionTest {

  private static final int TOTAL = 2_000;
  private static final int KILL_AFTER_ACKS = 700;
  private static final String PATIENT = "kill-1";
  private static final String DEVICE = "aline-kill";
  private static final String PASSWORD = "aline-kill-password";
  private static final String TOPIC = "icutwin/v1/devices/" + DEVICE + "/observations";

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Path dataDir = ServerTestSupport.newDataDir();
  private final int httpPort = freePort();
  private final int mqttPort = freePort();
  private Process server;

  @AfterEach
  void stopServer() throws InterruptedException {
    if (server != null && server.isAlive()) {
      server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  // Two server starts (about 15-30 s each) and 2,000 publishes take 70-85 s alone; 180 s leaves room
  // for a CI machine shared with other work (it timed out once at 120 s beside CPU-heavy trials).
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void everyAcknowledgedObservationSurvivesAKillAndIsRecordedExactlyOnce() throws Exception {
    String token = new TokenService(JwtSecret.resolve(Optional.empty(), dataDir), "icutwin", Clock.systemUTC())
        .mint("kill-test", Set.of(Role.ADMIN, Role.CLINICIAN), Duration.ofMinutes(10));
    server = startServer("first");

    Instant admitted = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
    post(token, "/api/v1/patients", Map.of("patientId", PATIENT, "model", "norepinephrine-map", "careArea",
        "adult-icu", "covariates", Map.of("weightKg", 70), "admittedAt", admitted.toString()));
    post(token, "/api/v1/devices", Map.of("deviceId", DEVICE, "kind", "monitor", "sensorClass", "arterial-line",
        "mqttPassword", PASSWORD));
    post(token, "/api/v1/patients/" + PATIENT + "/devices", Map.of("deviceId", DEVICE, "from", admitted.toString()));

    // 2,000 MAP samples, 3 s apart in data time (100 min, all in the past), seeded noise around 72 mm[Hg].
    Random random = new Random(20261122L);
    Map<String, byte[]> payloads = new LinkedHashMap<>();
    Instant last = null;
    for (int i = 1; i <= TOTAL; i++) {
      last = admitted.plusSeconds(3L * i);
      payloads.put(DEVICE + ":" + i, observation(DEVICE + ":" + i, last, 72 + 2 * random.nextGaussian()));
    }

    Set<String> acked = ConcurrentHashMap.newKeySet();
    Set<String> ackedBeforeKill;
    MqttAsyncClient device = connect();
    AtomicBoolean stop = new AtomicBoolean();
    Thread publisher = new Thread(() -> publishAll(device, payloads, acked, stop), "kill-test-publisher");
    publisher.start();
    try {
      await().atMost(Duration.ofSeconds(60)).until(() -> acked.size() >= KILL_AFTER_ACKS);
      server.destroyForcibly();
      assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
      stop.set(true);
      publisher.join(TimeUnit.SECONDS.toMillis(30));
    } finally {
      closeQuietly(device);
    }
    ackedBeforeKill = Set.copyOf(acked);
    assertThat(ackedBeforeKill.size()).as("the kill came mid-stream").isBetween(KILL_AFTER_ACKS, TOTAL - 1);

    // While the server is down: what had reached the inbox. Acknowledged but not there = held only by the broker.
    Map<String, Integer> inboxAtKill = inboxCounts();
    Set<String> brokerOnly = new TreeSet<>(ackedBeforeKill);
    brokerOnly.removeAll(inboxAtKill.keySet());
    Set<String> inboxNotAcked = new TreeSet<>(inboxAtKill.keySet());
    inboxNotAcked.removeAll(ackedBeforeKill);
    assertThat(brokerOnly).as("acknowledged to the device before the kill but not in the inbox at the kill").isEmpty();

    server = startServer("second");
    MqttAsyncClient again = connect();
    try {
      Map<String, byte[]> resend = new LinkedHashMap<>(payloads);
      resend.keySet().removeAll(ackedBeforeKill);
      publishAll(again, resend, acked, new AtomicBoolean());
      await().atMost(Duration.ofSeconds(60)).until(() -> acked.size() == TOTAL);
    } finally {
      closeQuietly(again);
    }

    // Wait for the twin to have taken everything; on a timeout, go on to the assertions, which say what is missing.
    try {
      await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofSeconds(1))
          .until(() -> get(token, "/api/v1/patients/" + PATIENT + "/twin"),
              t -> t.get("applied").asInt() + t.get("rejected").asInt() >= TOTAL);
    } catch (ConditionTimeoutException e) {
      System.out.println("kill test: the twin did not reach " + TOTAL + " items: " + e.getMessage());
    }
    JsonNode twin = get(token, "/api/v1/patients/" + PATIENT + "/twin");
    JsonNode history = get(token, "/api/v1/patients/" + PATIENT + "/history");
    Map<String, Integer> inTwin = new HashMap<>();
    Map<String, Integer> refusals = new TreeMap<>();
    for (JsonNode p : history.get("points")) {
      inTwin.merge(p.get("messageId").asText(), 1, Integer::sum);
      if (!p.get("applied").asBoolean()) {
        refusals.merge(p.get("reason").asText(), 1, Integer::sum);
      }
    }

    server.destroy();
    assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
    Map<String, Integer> inbox = inboxCounts();

    Set<String> lostAckedBeforeKill = new TreeSet<>(ackedBeforeKill);
    lostAckedBeforeKill.removeAll(inbox.keySet());
    Set<String> lostBrokerOnly = new TreeSet<>(brokerOnly);
    lostBrokerOnly.removeAll(inbox.keySet());
    Set<String> lostAll = new TreeSet<>(payloads.keySet());
    lostAll.removeAll(inbox.keySet());
    System.out.printf("kill test: %d acknowledged before the kill, %d in the inbox at the kill, %d of them acknowledged"
        + " but only in the broker's store (of which %d never reached the inbox), %d in the inbox but not yet"
        + " acknowledged to the device; %d resent; missing from the inbox at the end: %d %s; twin refusals %s%n",
        ackedBeforeKill.size(), inboxAtKill.size(), brokerOnly.size(), lostBrokerOnly.size(), inboxNotAcked.size(),
        TOTAL - ackedBeforeKill.size(), lostAll.size(), lostAll, refusals);

    assertThat(lostAckedBeforeKill).as("acknowledged before the kill, not in the inbox").isEmpty();
    for (String id : ackedBeforeKill) {
      assertThat(inbox.get(id)).as("inbox rows of acknowledged %s", id).isEqualTo(1);
      assertThat(inTwin.get(id)).as("twin points of acknowledged %s", id).isEqualTo(1);
    }
    assertThat(inbox).hasSize(TOTAL).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
    assertThat(inTwin).hasSize(TOTAL).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
    // Every item is in the twin's journal once and applied: after recovery the twin takes what the
    // inbox held before the crash first, then the broker's backlog, so nothing arrives "late".
    assertThat(refusals).isEmpty();
    assertThat(twin.get("applied").asInt()).isEqualTo(TOTAL);
    assertThat(Instant.parse(twin.get("lastMeasurementAt").asText())).isEqualTo(last);
    assertThat(twin.get("output").get("value").asDouble()).isBetween(62.0, 82.0);
  }

  private void publishAll(MqttAsyncClient client, Map<String, byte[]> payloads, Set<String> acked,
      AtomicBoolean stop) {
    Semaphore window = new Semaphore(10);
    for (Map.Entry<String, byte[]> e : payloads.entrySet()) {
      try {
        while (!window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
          if (stop.get()) {
            return;
          }
        }
        if (stop.get() || !client.isConnected()) {
          return;
        }
        MqttMessage m = new MqttMessage(e.getValue());
        m.setQos(1);
        client.publish(TOPIC, m, null, new MqttActionListener() {
          @Override
          public void onSuccess(IMqttToken t) {
            int[] codes = t.getReasonCodes();
            if (codes == null || codes.length == 0 || codes[0] < 0x80) {
              acked.add(e.getKey());
            }
            window.release();
          }

          @Override
          public void onFailure(IMqttToken t, Throwable ex) {
            window.release();
          }
        });
      } catch (Exception ex) {
        return; // the connection is gone: what was not acknowledged is resent after the restart
      }
    }
  }

  private byte[] observation(String messageId, Instant at, double mmHg) throws IOException {
    ObjectNode o = json.createObjectNode();
    o.put("version", 1);
    o.put("messageId", messageId);
    o.put("deviceId", DEVICE);
    o.put("effectiveTime", at.toString());
    o.putObject("code").put("system", "http://loinc.org").put("code", "8478-0");
    o.put("value", Math.round(mmHg * 10) / 10.0);
    o.put("unit", "mm[Hg]");
    return json.writeValueAsBytes(o);
  }

  private MqttAsyncClient connect() throws Exception {
    MqttAsyncClient c = new MqttAsyncClient("tcp://127.0.0.1:" + mqttPort, DEVICE, new MemoryPersistence());
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setUserName(DEVICE);
    o.setPassword(PASSWORD.getBytes(StandardCharsets.UTF_8));
    o.setCleanStart(true);
    o.setAutomaticReconnect(false);
    await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
      c.connect(o).waitForCompletion(10_000);
      return c.isConnected();
    });
    return c;
  }

  private static void closeQuietly(MqttAsyncClient c) {
    try {
      if (c.isConnected()) {
        c.disconnect(2_000).waitForCompletion(5_000);
      }
    } catch (Exception ignored) {
      // the broker may be gone
    }
    try {
      c.close(true);
    } catch (Exception ignored) {
      // as above
    }
  }

  /** The server as its own JVM on the test's class path. */
  private Process startServer(String name) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
        "-Dicutwin.mqtt.broker.port=" + mqttPort, "-Dicutwin.cluster.port=0",
        "org.icutwin.server.Application", "--data-dir=" + dataDir, "--port=" + httpPort));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(dataDir.resolve("server-" + name + ".log").toFile()).start();
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
        .until(() -> {
          assertThat(p.isAlive()).as("server process (see %s)", dataDir).isTrue();
          return http.send(HttpRequest.newBuilder(uri("/health")).build(), HttpResponse.BodyHandlers.discarding())
              .statusCode() == 200;
        });
    return p;
  }

  private Map<String, Integer> inboxCounts() throws Exception {
    Map<String, Integer> out = new HashMap<>();
    try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dataDir.resolve("icutwin"), "sa", "");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT message_id, COUNT(*) FROM ingest_inbox WHERE patient_id = '" + PATIENT
            + "' GROUP BY message_id")) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getInt(2));
      }
    }
    return out;
  }

  private void post(String token, String path, Object body) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(
            json.writeValueAsBytes(body))).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("POST %s: %s", path, r.body()).isEqualTo(201);
  }

  private JsonNode get(String token, String path) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token)
        .GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(200);
    return json.readTree(r.body());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + httpPort + path);
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
