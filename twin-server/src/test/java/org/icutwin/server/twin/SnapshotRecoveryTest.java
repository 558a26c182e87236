package org.icutwin.server.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.icutwin.server.ServerTestSupport.problem;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.HttpClient;
import io.micronaut.inject.qualifiers.Qualifiers;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.icutwin.gateway.ingest.CodeRef;
import org.icutwin.gateway.ingest.IngestStore;
import org.icutwin.gateway.ingest.Normaliser;
import org.icutwin.gateway.ingest.RawObservation;
import org.icutwin.gateway.ingest.Source;
import org.icutwin.server.ServerTestSupport;
import org.icutwin.server.api.Problem;
import org.icutwin.server.security.Role;
import org.icutwin.server.security.TokenService;
import org.icutwin.server.twin.api.Views;
import org.junit.jupiter.api.Test;

/**
 * A twin with a long journal, restarted: it recovers from its newest snapshot and answers exactly as
 * before; with that snapshot made unreadable it replays the whole journal and still answers the
 * same. Also the estimate history the dashboard draws (GET .../estimates).
 */
class SnapshotRecoveryTest {

  private static final int READINGS = 240;

  private static EmbeddedServer start(Path dataDir) {
    return ApplicationContext.run(EmbeddedServer.class, Map.of("icutwin.data-dir", dataDir.toString(),
        "icutwin.twin.snapshot-every", "50"), "test");
  }

  private static String token(EmbeddedServer s, String sub, Role role) {
    return s.getApplicationContext().getBean(TokenService.class).mint(sub, Set.of(role), Duration.ofMinutes(10));
  }

  /** What a restart must not change. */
  record Seen(Views.Twin twin, List<Views.Proposal> proposals, List<Views.EstimatePoint> estimates) {
  }

  private static Seen look(BlockingHttpClient c, String clin) {
    return new Seen(c.retrieve(HttpRequest.GET("/api/v1/patients/p1/twin").bearerAuth(clin), Views.Twin.class),
        c.retrieve(HttpRequest.GET("/api/v1/patients/p1/recommendations").bearerAuth(clin),
            Argument.listOf(Views.Proposal.class)),
        c.retrieve(HttpRequest.GET("/api/v1/patients/p1/estimates").bearerAuth(clin),
            Argument.listOf(Views.EstimatePoint.class)));
  }

  private static void assertSame(Seen after, Seen before) {
    assertThat(after.twin().applied()).isEqualTo(before.twin().applied());
    assertThat(after.twin().rejected()).isEqualTo(before.twin().rejected());
    assertThat(after.twin().patient().itemsRecorded()).isEqualTo(before.twin().patient().itemsRecorded())
        .isGreaterThan(0);
    assertThat(after.twin().output().value()).isCloseTo(before.twin().output().value(),
        org.assertj.core.data.Offset.offset(1e-9));
    assertThat(after.twin().output()).isEqualTo(before.twin().output());
    assertThat(after.twin().states()).isEqualTo(before.twin().states());
    assertThat(after.twin().parameters()).isEqualTo(before.twin().parameters());
    assertThat(after.twin().drift()).isEqualTo(before.twin().drift());
    assertThat(after.proposals()).isEqualTo(before.proposals());
    assertThat(after.estimates()).isEqualTo(before.estimates());
  }

  private static long recoveries(EmbeddedServer s, String from) {
    Timer t = s.getApplicationContext().getBean(MeterRegistry.class).find("icutwin.twin.recovery").tag("from", from)
        .timer();
    return t == null ? 0 : t.count();
  }

  @Test
  void aRestartedTwinRecoversFromItsSnapshotAndFromTheJournalWhenTheSnapshotIsUnreadable() throws Exception {
    Path dir = ServerTestSupport.newDataDir();
    Instant admitted = Instant.now().minus(Duration.ofHours(5)).truncatedTo(ChronoUnit.MINUTES);
    Seen before;
    try (EmbeddedServer server = start(dir);
        HttpClient http = server.getApplicationContext().createBean(HttpClient.class, server.getURL())) {
      BlockingHttpClient c = http.toBlocking();
      String admin = token(server, "ada", Role.ADMIN);
      String clin = token(server, "dr-lee", Role.CLINICIAN);
      c.exchange(HttpRequest.POST("/api/v1/patients", Map.of("patientId", "p1", "bed", "ICU-3", "model",
          "bergman-insulin", "careArea", "adult-icu", "covariates", Map.of("weightKg", 80), "initialValue", 11.0,
          "admittedAt", admitted.toString())).bearerAuth(admin));
      c.exchange(HttpRequest.POST("/api/v1/devices", Map.of("deviceId", "cgm-1", "kind", "cgm", "sensorClass", "cgm",
          "mqttPassword", "cgm-password-123")).bearerAuth(admin));
      c.exchange(HttpRequest.POST("/api/v1/patients/p1/devices", Map.of("deviceId", "cgm-1", "from",
          admitted.toString())).bearerAuth(admin));
      Normaliser normaliser = server.getApplicationContext().getBean(Normaliser.class);
      IngestStore store = server.getApplicationContext().getBean(IngestStore.class, Qualifiers.byName("delivering"));
      Random rnd = new Random(12);
      double g = 11;
      List<Views.EstimatePoint> early = null;
      for (int m = 1; m <= READINGS; m++) {
        if (m % 80 == 0) {
          c.exchange(HttpRequest.POST("/api/v1/patients/p1/doses", Map.of("messageId", "ins-" + m, "drug", "insulin",
              "kind", "rate", "amount", 1.0 + m / 80.0, "unit", "[iU]/h", "time",
              admitted.plus(Duration.ofMinutes(m)).minusSeconds(30).toString())).bearerAuth(clin));
        }
        g = Math.max(4.5, g - 0.02 + 0.08 * rnd.nextGaussian());
        store.record(normaliser.observation(new RawObservation("cgm-" + m, "cgm-1", null,
            List.of(CodeRef.loinc("15074-8")), g, "mmol/L", false, admitted.plus(Duration.ofMinutes(m)),
            Source.MQTT)));
        if (m == 60) {
          await().atMost(Duration.ofMinutes(1)).until(() -> counted(c, clin) == 60);
          early = estimates(c, clin, "");
        }
      }
      await().atMost(Duration.ofMinutes(3)).until(() -> counted(c, clin) == READINGS);
      before = look(c, clin);

      // The estimate history: one point per 5 min of data time, in order, growing with the data.
      assertThat(early).isNotEmpty();
      assertThat(before.estimates().size()).isGreaterThan(early.size()).isBetween(READINGS / 5 - 2, READINGS / 5 + 2);
      assertThat(before.estimates()).extracting(Views.EstimatePoint::time).isSorted();
      Views.EstimatePoint last = before.estimates().get(before.estimates().size() - 1);
      assertThat(last.output().name()).isEqualTo("glucose");
      assertThat(last.output().unit()).isEqualTo("mmol/L");
      assertThat(last.output().lower90()).isLessThan(last.output().value());
      assertThat(last.output().upper90()).isGreaterThan(last.output().value());
      assertThat(last.parameters()).extracting(Views.Value::name).containsExactly("p3", "Gb");
      assertThat(last.states()).isNotEmpty();
      Instant from = admitted.plus(Duration.ofMinutes(60));
      Instant to = admitted.plus(Duration.ofMinutes(120));
      List<Views.EstimatePoint> window = estimates(c, clin, "?from=" + from + "&to=" + to);
      assertThat(window).isNotEmpty().allSatisfy(p -> assertThat(p.time()).isBetween(from, to));
      assertThat(window).hasSize((int) before.estimates().stream()
          .filter(p -> !p.time().isBefore(from) && !p.time().isAfter(to)).count());
      assertThat(estimates(c, admin, "?from=" + to)).allSatisfy(p -> assertThat(p.time()).isAfterOrEqualTo(to));
      Problem reversed = problem(c, HttpRequest.GET("/api/v1/patients/p1/estimates?from=" + to + "&to=" + from)
          .bearerAuth(clin));
      assertThat(reversed.status()).isEqualTo(422);
      assertThat(reversed.detail()).contains("before from");
      assertThat(problem(c, HttpRequest.GET("/api/v1/patients/p1/estimates?from=yesterday").bearerAuth(clin))
          .status()).isEqualTo(400);
      assertThat(problem(c, HttpRequest.GET("/api/v1/patients/nobody/estimates").bearerAuth(clin)).status())
          .isEqualTo(404);
      assertThat(before.proposals()).isNotEmpty();
    }
    assertThat(snapshotsOf(dir)).as("snapshots kept").isEqualTo(2);

    try (EmbeddedServer server = start(dir);
        HttpClient http = server.getApplicationContext().createBean(HttpClient.class, server.getURL())) {
      BlockingHttpClient c = http.toBlocking();
      assertSame(look(c, token(server, "dr-lee", Role.CLINICIAN)), before);
      assertThat(recoveries(server, "snapshot")).isEqualTo(1);
      assertThat(recoveries(server, "journal")).isZero();
    }

    byte[] intact = newestSnapshot(dir);
    assertThat(corruptNewestSnapshot(dir)).isEqualTo(1);
    try (EmbeddedServer server = start(dir);
        HttpClient http = server.getApplicationContext().createBean(HttpClient.class, server.getURL())) {
      BlockingHttpClient c = http.toBlocking();
      assertSame(look(c, token(server, "dr-lee", Role.CLINICIAN)), before);
      assertThat(recoveries(server, "journal")).as("the unreadable snapshot was skipped").isEqualTo(1);
      assertThat(recoveries(server, "snapshot")).isZero();
    }

    // A snapshot that reads but cannot be restored: the twin's filter saved with one coordinate less,
    // as a release that estimated other parameters would have saved it. The twin fails recovery
    // once, is restarted, and replays its whole journal.
    assertThat(writeNewestSnapshot(dir, withFilterDimensionCut(intact))).isEqualTo(1);
    try (EmbeddedServer server = start(dir);
        HttpClient http = server.getApplicationContext().createBean(HttpClient.class, server.getURL())) {
      BlockingHttpClient c = http.toBlocking();
      String clin = token(server, "dr-lee", Role.CLINICIAN);
      await().atMost(Duration.ofMinutes(1)).ignoreExceptions().until(() -> counted(c, clin) == READINGS);
      assertSame(look(c, clin), before);
      assertThat(recoveries(server, "journal")).as("the unrestorable snapshot was skipped").isEqualTo(1);
      assertThat(recoveries(server, "snapshot")).isZero();
    }
  }

  private static byte[] newestSnapshot(Path dir) throws Exception {
    try (Connection c = db(dir); ResultSet r = c.createStatement().executeQuery(
        "SELECT \"snapshot_payload\" FROM PUBLIC.\"snapshot\" WHERE \"persistence_id\" = 'PatientTwin|p1' ORDER BY "
            + "\"sequence_number\" DESC LIMIT 1")) {
      r.next();
      return r.getBytes(1);
    }
  }

  /** The snapshot with the first filter state's last coordinate removed from its mean and covariance. */
  private static byte[] withFilterDimensionCut(byte[] cbor) throws Exception {
    var mapper = new com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper();
    com.fasterxml.jackson.databind.JsonNode root = mapper.readTree(cbor);
    com.fasterxml.jackson.databind.node.ObjectNode filter = findFilterState(root);
    assertThat(filter).as("a filter state in the snapshot").isNotNull();
    var mean = (com.fasterxml.jackson.databind.node.ArrayNode) filter.get("mean");
    var cov = (com.fasterxml.jackson.databind.node.ArrayNode) filter.get("covariance");
    mean.remove(mean.size() - 1);
    cov.remove(cov.size() - 1);
    cov.forEach(row -> ((com.fasterxml.jackson.databind.node.ArrayNode) row).remove(row.size() - 1));
    return mapper.writeValueAsBytes(root);
  }

  private static com.fasterxml.jackson.databind.node.ObjectNode findFilterState(com.fasterxml.jackson.databind.JsonNode n) {
    if (n instanceof com.fasterxml.jackson.databind.node.ObjectNode o && o.path("mean").isArray()
        && o.path("covariance").isArray()) {
      return o;
    }
    for (com.fasterxml.jackson.databind.JsonNode child : n) {
      var found = findFilterState(child);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private static int writeNewestSnapshot(Path dir, byte[] payload) throws Exception {
    try (Connection c = db(dir); PreparedStatement u = c.prepareStatement(
        "UPDATE PUBLIC.\"snapshot\" SET \"snapshot_payload\" = ? WHERE \"persistence_id\" = 'PatientTwin|p1' AND "
            + "\"sequence_number\" = (SELECT MAX(\"sequence_number\") FROM PUBLIC.\"snapshot\" WHERE "
            + "\"persistence_id\" = 'PatientTwin|p1')")) {
      u.setBytes(1, payload);
      return u.executeUpdate();
    }
  }

  private static int counted(BlockingHttpClient c, String clin) {
    Views.Twin t = c.retrieve(HttpRequest.GET("/api/v1/patients/p1/twin").bearerAuth(clin), Views.Twin.class);
    return t.applied() + t.rejected();
  }

  private static List<Views.EstimatePoint> estimates(BlockingHttpClient c, String token, String query) {
    return c.retrieve(HttpRequest.GET("/api/v1/patients/p1/estimates" + query).bearerAuth(token),
        Argument.listOf(Views.EstimatePoint.class));
  }

  private static Connection db(Path dir) throws Exception {
    return DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("icutwin") + ";DB_CLOSE_ON_EXIT=FALSE", "sa",
        "");
  }

  private static int snapshotsOf(Path dir) throws Exception {
    try (Connection c = db(dir); ResultSet r = c.createStatement().executeQuery(
        "SELECT COUNT(*) FROM PUBLIC.\"snapshot\" WHERE \"persistence_id\" = 'PatientTwin|p1'")) {
      r.next();
      return r.getInt(1);
    }
  }

  /** Overwrites the newest snapshot's payload with bytes that are not CBOR of a snapshot. */
  private static int corruptNewestSnapshot(Path dir) throws Exception {
    try (Connection c = db(dir); PreparedStatement u = c.prepareStatement(
        "UPDATE PUBLIC.\"snapshot\" SET \"snapshot_payload\" = ? WHERE \"persistence_id\" = 'PatientTwin|p1' AND "
            + "\"sequence_number\" = (SELECT MAX(\"sequence_number\") FROM PUBLIC.\"snapshot\" WHERE "
            + "\"persistence_id\" = 'PatientTwin|p1')")) {
      u.setBytes(1, new byte[] {(byte) 0xbf, 0x61, 0x78, (byte) 0xfb, 0x7f});
      return u.executeUpdate();
    }
  }

}
