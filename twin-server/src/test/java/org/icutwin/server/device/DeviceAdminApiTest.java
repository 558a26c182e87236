package org.icutwin.server.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.icutwin.server.ServerTestSupport;
import org.icutwin.server.api.Problem;
import org.icutwin.server.audit.AuditEntry;
import org.icutwin.server.security.Role;
import org.junit.jupiter.api.Test;

/**
 * The admin REST API over HTTP: registering devices, binding and unbinding them, the audit trail
 * those calls leave, and problem+json errors that name what is wrong.
 */
@MicronautTest
class DeviceAdminApiTest extends ServerTestSupport {

  private static final Instant ADMITTED = Instant.parse("2026-03-01T08:00:00Z");

  @Inject
  @Client("/")
  HttpClient http;

  private BlockingHttpClient client() {
    return http.toBlocking();
  }

  private <T> MutableHttpRequest<T> asAdmin(MutableHttpRequest<T> request) {
    return request.bearerAuth(token("ada", Role.ADMIN));
  }

  private Problem problemOf(MutableHttpRequest<?> request) {
    HttpClientResponseException e = org.junit.jupiter.api.Assertions.assertThrows(HttpClientResponseException.class,
        () -> client().exchange(request, Argument.STRING, Argument.of(Problem.class)));
    assertThat(e.getResponse().getContentType()).map(Object::toString).hasValue(Problem.MEDIA_TYPE);
    return e.getResponse().getBody(Problem.class).orElseThrow();
  }

  private static Map<String, Object> device(String id) {
    return Map.of("deviceId", id, "kind", "cgm", "sensorClass", "cgm", "mqttPassword", "correct-horse-battery");
  }

  @Test
  void registeringADeviceReturnsItWithoutItsPasswordAndListsIt() {
    HttpResponse<String> created = client().exchange(
        asAdmin(HttpRequest.POST("/api/v1/devices", device("cgm-list-1"))), String.class);
    assertThat(created.code()).isEqualTo(201);
    assertThat(created.body()).contains("\"deviceId\":\"cgm-list-1\"").doesNotContain("correct-horse")
        .doesNotContain("pbkdf2");
    List<DeviceView> listed = client().retrieve(asAdmin(HttpRequest.GET("/api/v1/devices")),
        Argument.listOf(DeviceView.class));
    assertThat(listed).extracting(DeviceView::deviceId).contains("cgm-list-1");
    assertThat(listed).filteredOn(d -> d.deviceId().equals("cgm-list-1")).singleElement()
        .satisfies(d -> {
          assertThat(d.kind()).isEqualTo("cgm");
          assertThat(d.registeredBy()).isEqualTo("ada");
          assertThat(d.boundTo()).isNull();
        });
  }

  @Test
  void aSecondRegistrationOfTheSameIdIsAConflict() {
    client().exchange(asAdmin(HttpRequest.POST("/api/v1/devices", device("cgm-dup"))));
    Problem problem = problemOf(asAdmin(HttpRequest.POST("/api/v1/devices", device("cgm-dup"))));
    assertThat(problem.status()).isEqualTo(409);
    assertThat(problem.detail()).contains("cgm-dup").contains("already registered");
  }

  @Test
  void aMissingFieldIsA400NamingTheField() {
    Problem problem = problemOf(asAdmin(HttpRequest.POST("/api/v1/devices",
        Map.of("deviceId", "x", "mqttPassword", "correct-horse-battery"))));
    assertThat(problem.status()).isEqualTo(400);
    assertThat(problem.detail()).contains("kind");
  }

  /**
   * A sensor class the twins do not know is a 422 that lists the known ones (a CGM registered as,
   * say, "interstitial" would otherwise be weighed as blood); the known class in capitals is that class.
   */
  @Test
  void anUnknownSensorClassIsA422ListingTheKnownOnes() {
    Problem problem = problemOf(asAdmin(HttpRequest.POST("/api/v1/devices", Map.of("deviceId", "cgm-typo", "kind", "cgm",
        "sensorClass", "interstitial", "mqttPassword", "correct-horse-battery"))));
    assertThat(problem.status()).isEqualTo(422);
    assertThat(problem.errors()).extracting(Problem.FieldError::field).containsExactly("sensorClass");
    assertThat(problem.detail()).contains("'interstitial'").contains("cgm", "lab", "poc", "arterial-line");

    HttpResponse<String> created = client().exchange(asAdmin(HttpRequest.POST("/api/v1/devices",
        Map.of("deviceId", "cgm-caps", "kind", "cgm", "sensorClass", " CGM", "mqttPassword", "correct-horse-battery"))),
        String.class);
    assertThat(created.code()).isEqualTo(201);
    DeviceView view = client().retrieve(asAdmin(HttpRequest.GET("/api/v1/devices/cgm-caps")), DeviceView.class);
    assertThat(view.sensorClass()).isEqualTo("cgm");
  }

  @Test
  void aShortPasswordIsA422NamingTheField() {
    Problem problem = problemOf(asAdmin(HttpRequest.POST("/api/v1/devices",
        Map.of("deviceId", "pump-weak", "kind", "pump", "mqttPassword", "short"))));
    assertThat(problem.status()).isEqualTo(422);
    assertThat(problem.errors()).extracting(Problem.FieldError::field).containsExactly("mqttPassword");
    assertThat(problem.detail()).contains("at least 12");
  }

  @Test
  void bindingToAnUnknownPatientIsA404NamingThePatient() {
    Problem problem = problemOf(asAdmin(HttpRequest.POST("/api/v1/patients/nobody/devices",
        Map.of("deviceId", "whatever"))));
    assertThat(problem.status()).isEqualTo(404);
    assertThat(problem.detail()).isEqualTo("unknown patient 'nobody'");
    assertThat(problem.instance()).isEqualTo("/api/v1/patients/nobody/devices");
  }

  @Test
  void bindUnbindAndTheAuditTrailTheyLeave() {
    // Through the API: a binding is journaled in the patient's twin, which exists only after admission.
    client().exchange(asAdmin(HttpRequest.POST("/api/v1/patients", Map.of("patientId", "p-bind", "bed", "bed-3",
        "model", "bergman-insulin", "careArea", "adult-icu", "covariates", Map.of("weightKg", 80),
        "admittedAt", ADMITTED.toString()))));
    client().exchange(asAdmin(HttpRequest.POST("/api/v1/devices", device("cgm-bind"))));

    BindingView bound = client().retrieve(asAdmin(HttpRequest.POST("/api/v1/patients/p-bind/devices",
        Map.of("deviceId", "cgm-bind", "from", "2026-03-01T09:00:00Z"))), BindingView.class);
    assertThat(bound.from()).isEqualTo(Instant.parse("2026-03-01T09:00:00Z"));
    assertThat(bound.to()).isNull();

    Problem twice = problemOf(asAdmin(HttpRequest.POST("/api/v1/patients/p-bind/devices",
        Map.of("deviceId", "cgm-bind", "from", "2026-03-01T10:00:00Z"))));
    assertThat(twice.status()).isEqualTo(409);
    assertThat(twice.detail()).contains("bound to patient 'p-bind'");

    Problem early = problemOf(asAdmin(HttpRequest.DELETE(
        "/api/v1/patients/p-bind/devices/cgm-bind?at=2026-03-01T08:30:00Z")));
    assertThat(early.status()).isEqualTo(422);
    assertThat(early.errors()).extracting(Problem.FieldError::field).containsExactly("at");

    BindingView unbound = client().retrieve(asAdmin(HttpRequest.DELETE(
        "/api/v1/patients/p-bind/devices/cgm-bind?at=2026-03-01T12:00:00Z")), BindingView.class);
    assertThat(unbound.to()).isEqualTo(Instant.parse("2026-03-01T12:00:00Z"));
    assertThat(unbound.unboundBy()).isEqualTo("ada");

    List<BindingView> history = client().retrieve(HttpRequest.GET("/api/v1/patients/p-bind/devices")
        .bearerAuth(token("carol", Role.CLINICIAN)), Argument.listOf(BindingView.class));
    assertThat(history).containsExactly(unbound);

    List<AuditEntry> trail = client().retrieve(HttpRequest.GET("/api/v1/audit?patient=p-bind")
        .bearerAuth(token("carol", Role.CLINICIAN)), Argument.listOf(AuditEntry.class));
    assertThat(trail).extracting(AuditEntry::action)
        .containsExactly("patient.admitted", "device.bound", "device.unbound");
    assertThat(trail.get(1).actor()).isEqualTo("ada");
    assertThat(trail.get(1).roles()).containsExactly("ADMIN");
    assertThat(trail.get(1).details()).containsEntry("deviceId", "cgm-bind")
        .containsEntry("from", "2026-03-01T09:00:00Z");
  }

  @Test
  void theAuditQueryRefusesAnEmptyWindowNamingTheField() {
    Problem problem = problemOf(HttpRequest.GET("/api/v1/audit?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z")
        .bearerAuth(token("ada", Role.ADMIN)));
    assertThat(problem.status()).isEqualTo(422);
    assertThat(problem.errors()).extracting(Problem.FieldError::field).containsExactly("to");
  }

  @Test
  void anUnreadableTimeIsA400NamingTheParameter() {
    Problem problem = problemOf(HttpRequest.GET("/api/v1/audit?from=yesterday").bearerAuth(token("ada", Role.ADMIN)));
    assertThat(problem.status()).isEqualTo(400);
    assertThat(problem.detail()).contains("from");
  }

  @Test
  void unauthenticatedCallsGetAProblemBody() {
    assertThatThrownBy(() -> client().exchange(HttpRequest.GET("/api/v1/devices"), Argument.STRING,
        Argument.of(Problem.class)))
        .isInstanceOfSatisfying(HttpClientResponseException.class, e -> {
          assertThat(e.code()).isEqualTo(401);
          Problem problem = e.getResponse().getBody(Problem.class).orElseThrow();
          assertThat(problem.status()).isEqualTo(401);
          assertThat(problem.detail()).contains("bearer token");
        });
  }
}
