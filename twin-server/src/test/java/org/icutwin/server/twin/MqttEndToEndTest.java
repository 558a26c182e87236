package org.icutwin.server.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.HttpClient;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.icutwin.server.ServerTestSupport;
import org.icutwin.server.audit.AuditEntry;
import org.icutwin.server.security.Role;
import org.icutwin.server.security.TokenService;
import org.icutwin.server.twin.api.Views;
import org.junit.jupiter.api.Test;

/**
 * End to end in one process: the server on its embedded MQTT broker; admit over REST, a device
 * publishes as a device would, the twin proposes, a clinician accepts, the audit shows it.
 */
class MqttEndToEndTest {

  @Test
  void observationsPublishedOverMqttReachTheTwinWhichProposesAndAClinicianAccepts() throws Exception {
    Path dir = ServerTestSupport.newDataDir();
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Map<String, Object> props = Map.of("icutwin.data-dir", dir.toString(), "icutwin.mqtt.broker.embedded", true,
        "icutwin.mqtt.broker.port", port);
    try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, props, "test");
        HttpClient http = server.getApplicationContext().createBean(HttpClient.class, server.getURL())) {
      BlockingHttpClient c = http.toBlocking();
      TokenService tokens = server.getApplicationContext().getBean(TokenService.class);
      String admin = tokens.mint("ada", Set.of(Role.ADMIN), Duration.ofMinutes(10));
      String clin = tokens.mint("dr-lee", Set.of(Role.CLINICIAN), Duration.ofMinutes(10));
      Instant admitted = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.MILLIS);
      c.exchange(HttpRequest.POST("/api/v1/patients", Map.of("patientId", "m1", "model", "insulin", "careArea",
          "adult-icu", "covariates", Map.of("weightKg", 75), "initialValue", 11.0, "admittedAt", admitted.toString()))
          .bearerAuth(admin));
      c.exchange(HttpRequest.POST("/api/v1/devices", Map.of("deviceId", "cgm-9", "kind", "cgm", "sensorClass", "cgm",
          "mqttPassword", "cgm-9-password")).bearerAuth(admin));
      c.exchange(HttpRequest.POST("/api/v1/patients/m1/devices", Map.of("deviceId", "cgm-9", "from",
          admitted.toString())).bearerAuth(admin));

      // Publish only once the server's ingest client is subscribed (what readiness reports).
      var mqtt = server.getApplicationContext().getBean(org.icutwin.server.mqtt.MqttRuntime.class);
      await().atMost(Duration.ofSeconds(60)).until(mqtt::ingestReady);
      MqttClient device = new MqttClient("tcp://127.0.0.1:" + port, "cgm-9", new MemoryPersistence());
      MqttConnectionOptions o = new MqttConnectionOptions();
      o.setUserName("cgm-9");
      o.setPassword("cgm-9-password".getBytes(StandardCharsets.UTF_8));
      device.connect(o);
      for (int i = 1; i <= 24; i++) {
        Instant t = admitted.plus(Duration.ofMinutes(5L * i));
        double g = 11 - 0.05 * i;
        String json = "{\"version\":1,\"messageId\":\"cgm-9:" + i + "\",\"deviceId\":\"cgm-9\",\"effectiveTime\":\""
            + t + "\",\"code\":{\"system\":\"http://loinc.org\",\"code\":\"99504-3\"},\"value\":"
            + Math.round(g * 18.016) + ",\"unit\":\"mg/dL\"}";
        MqttMessage m = new MqttMessage(json.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        device.publish("icutwin/v1/devices/cgm-9/observations", m);
      }
      // A bad one beside them: refused, the good ones unaffected.
      MqttMessage bad = new MqttMessage("{\"version\":1,\"messageId\":\"cgm-9:bad\"".getBytes(StandardCharsets.UTF_8));
      bad.setQos(1);
      device.publish("icutwin/v1/devices/cgm-9/observations", bad);
      device.disconnect();
      device.close();

      await().atMost(Duration.ofMinutes(3)).until(() -> c.retrieve(HttpRequest.GET("/api/v1/patients/m1/twin")
          .bearerAuth(clin), Views.Twin.class).applied() == 24);
      List<Views.Proposal> pending = await().atMost(Duration.ofMinutes(2)).until(
          () -> c.retrieve(HttpRequest.GET("/api/v1/patients/m1/recommendations?status=PENDING").bearerAuth(clin),
              Argument.listOf(Views.Proposal.class)), l -> !l.isEmpty());
      Views.Proposal p = pending.get(0);
      Views.Proposal decided = c.retrieve(HttpRequest.POST("/api/v1/patients/m1/recommendations/" + p.id()
          + "/decision", Map.of("decision", "ACCEPT", "reason", "as proposed")).bearerAuth(clin), Views.Proposal.class);
      assertThat(decided.status()).isEqualTo("ACCEPTED");
      assertThat(decided.clinicianDecision().value()).isEqualTo(p.proposedValue());

      List<AuditEntry> audit = c.retrieve(HttpRequest.GET("/api/v1/audit?patient=m1").bearerAuth(clin),
          Argument.listOf(AuditEntry.class));
      assertThat(audit).extracting(AuditEntry::action).contains("patient.admitted");
    }
  }
}
