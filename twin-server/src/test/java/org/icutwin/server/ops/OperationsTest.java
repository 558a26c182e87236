package org.icutwin.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.icutwin.gateway.ingest.RejectReason;
import org.icutwin.gateway.ingest.Source;
import org.icutwin.server.ServerTestSupport;
import org.icutwin.server.cli.TokenCommand;
import org.icutwin.server.metrics.IcutwinMetrics;
import org.icutwin.server.metrics.RecommendationOutcome;
import org.icutwin.server.security.Role;
import org.junit.jupiter.api.Test;

/** Probes, metrics and the token command against a running server. */
@MicronautTest
class OperationsTest extends ServerTestSupport {

  @Inject
  @Client("/")
  HttpClient http;

  @Inject
  IcutwinMetrics metrics;

  @Test
  @SuppressWarnings("unchecked")
  void readinessIsUpAndReportsTheDatabaseAndThePekkoClusterToAnAuthenticatedCaller() {
    Map<String, Object> anonymous = http.toBlocking().retrieve(HttpRequest.GET("/health/readiness"),
        Argument.mapOf(String.class, Object.class));
    assertThat(anonymous).containsEntry("status", "UP");
    // No details without a token (the API writes every field, so the key is there, empty).
    assertThat(anonymous.get("details")).isNull();

    Map<String, Object> detailed = http.toBlocking().retrieve(HttpRequest.GET("/health/readiness")
        .bearerAuth(token("ops", Role.CLINICIAN)), Argument.mapOf(String.class, Object.class));
    Map<String, Object> details = (Map<String, Object>) detailed.get("details");
    assertThat(details).containsKeys("jdbc", "pekkoCluster");
    assertThat((Map<String, Object>) details.get("pekkoCluster")).containsEntry("status", "UP");
    assertThat((Map<String, Object>) details.get("jdbc")).containsEntry("status", "UP");
  }

  @Test
  void prometheusShowsTheServersOwnMetersToAnAdmin() {
    metrics.observationIngested(Source.MQTT);
    metrics.observationRejected(Source.FHIR, RejectReason.WRONG_UNIT);
    metrics.estimatorUpdated(Duration.ofMillis(3));
    metrics.mpcSolved(Duration.ofMillis(40));
    metrics.recommendation(RecommendationOutcome.ISSUED);
    metrics.recommendation(RecommendationOutcome.ACCEPTED);
    // A real twin: admitting a patient starts its actor, which the active-twins gauge counts.
    http.toBlocking().exchange(HttpRequest.POST("/api/v1/patients", java.util.Map.of("patientId", "ops-1", "model",
        "insulin", "careArea", "adult-icu", "covariates", java.util.Map.of("weightKg", 70), "admittedAt",
        java.time.Instant.now().minus(Duration.ofHours(1)).toString())).bearerAuth(token("ada", Role.ADMIN)));
    for (int i = 0; i < 4; i++) {
      metrics.ingestQueued("p-1");
    }
    for (int i = 0; i < 3; i++) {
      metrics.ingestQueued("p-2");
    }
    metrics.subscriptionDelivered(Duration.ofMillis(250));
    metrics.subscriptionDeliveryFailed("timeout");

    String scrape = http.toBlocking().retrieve(HttpRequest.GET("/prometheus").bearerAuth(token("prom", Role.ADMIN)));
    assertThat(scrape)
        .contains("icutwin_observations_ingested_total{source=\"mqtt\"} 1.0")
        .contains("icutwin_observations_rejected_total{reason=\"wrong_unit\",source=\"fhir\"} 1.0")
        .contains("icutwin_estimator_update_seconds_count 1")
        .contains("icutwin_mpc_solve_seconds_bucket")
        .contains("icutwin_recommendations_total{outcome=\"accepted\"} 1.0")
        .contains("icutwin_recommendations_total{outcome=\"issued\"} 1.0")
        .contains("icutwin_twins_active 1.0")
        .contains("icutwin_twins_mailbox_backlog 7.0")
        .contains("icutwin_twin_failures_total 0.0")
        .contains("icutwin_subscriptions_delivery_lag_seconds_count 1")
        .contains("icutwin_subscriptions_delivery_failures_total{reason=\"timeout\"} 1.0")
        .contains("jvm_memory_used_bytes");
  }

  @Test
  void aTokenFromTheTokenCommandOverTheSameDataDirectoryIsAccepted() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = TokenCommand.run(new String[] {"--sub", "alice", "--role", "ADMIN", "--hours", "1",
        "--data-dir", dataDir.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    String token = out.toString(StandardCharsets.UTF_8).strip();
    List<?> devices = http.toBlocking().retrieve(HttpRequest.GET("/api/v1/devices").bearerAuth(token),
        Argument.listOf(Object.class));
    assertThat(devices).isNotNull();
  }
}
