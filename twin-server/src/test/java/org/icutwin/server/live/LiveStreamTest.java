package org.icutwin.server.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.icutwin.server.ServerTestSupport;
import org.icutwin.server.security.Role;
import org.junit.jupiter.api.Test;

/**
 * The live stream: a dashboard subscribed to one patient hears that patient's admission and
 * nothing of another patient; the stream needs a token of a ward role.
 */
@MicronautTest
class LiveStreamTest extends ServerTestSupport {

  @Inject
  EmbeddedServer server;

  @Inject
  @Client("/")
  HttpClient http;

  @Test
  void aSubscriberHearsItsPatientsChangesAsServerSentEvents() throws Exception {
    String clin = token("dr-lee", Role.CLINICIAN);
    java.net.http.HttpClient jdk = java.net.http.HttpClient.newHttpClient();
    HttpResponse<java.io.InputStream> stream = jdk.send(java.net.http.HttpRequest.newBuilder(
        URI.create(server.getURL() + "/api/v1/stream?patient=live-1")).header("Authorization", "Bearer " + clin)
        .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
    assertThat(stream.statusCode()).isEqualTo(200);
    assertThat(stream.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
    BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
    // The first line is the "connected" comment: the subscription is in place before we admit.
    assertThat(lines.readLine()).startsWith(":");
    CompletableFuture<List<String>> read = CompletableFuture.supplyAsync(() -> {
      List<String> data = new ArrayList<>();
      try {
        String line;
        while ((line = lines.readLine()) != null) {
          if (line.startsWith("data:")) {
            data.add(line);
            if (line.contains("\"admitted\"")) {
              return data;
            }
          }
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return data;
    });
    String admin = token("ada", Role.ADMIN);
    for (String id : List.of("live-2", "live-1")) {
      http.toBlocking().exchange(HttpRequest.POST("/api/v1/patients", Map.of("patientId", id, "bed", "B-" + id,
          "model", "insulin", "careArea", "adult-icu", "covariates", Map.of("weightKg", 80),
          "admittedAt", Instant.now().minus(Duration.ofHours(1)).toString())).bearerAuth(admin));
    }
    List<String> data = read.get(30, TimeUnit.SECONDS);
    assertThat(data).isNotEmpty().allMatch(l -> l.contains("\"patientId\":\"live-1\""));
    assertThat(data.get(data.size() - 1)).contains("\"type\":\"admitted\"").contains("bed B-live-1");
    stream.body().close();
  }

  @Test
  void theStreamNeedsAWardRole() throws Exception {
    java.net.http.HttpClient jdk = java.net.http.HttpClient.newHttpClient();
    for (var entry : Map.of("", 401, "Bearer " + token("gw", Role.DEVICE), 403).entrySet()) {
      var b = java.net.http.HttpRequest.newBuilder(URI.create(server.getURL() + "/api/v1/stream"));
      if (!entry.getKey().isEmpty()) {
        b.header("Authorization", entry.getKey());
      }
      HttpResponse<String> r = jdk.send(b.build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(entry.getValue());
    }
  }
}
