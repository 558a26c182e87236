package org.icutwin.server.security;

import static io.micronaut.http.HttpMethod.DELETE;
import static io.micronaut.http.HttpMethod.GET;
import static io.micronaut.http.HttpMethod.POST;
import static org.icutwin.server.security.Role.ADMIN;
import static org.icutwin.server.security.Role.CLINICIAN;

import jakarta.inject.Singleton;
import java.util.List;

/** Access to the infrastructure routes: probes, metrics, API docs, devices, bindings, audit. */
@Singleton
class ServerRouteAccess implements RouteAccessDeclaration {

  @Override
  public List<RouteAccess> routes() {
    return List.of(
        // Probes for load balancers and orchestrators; details only with a token.
        RouteAccess.anonymous(GET, "/health"),
        RouteAccess.anonymous(GET, "/health/**"),
        // Metrics can tell who is admitted and how busy the ward is: ADMIN (scraper token).
        RouteAccess.roles(GET, "/prometheus", ADMIN),
        RouteAccess.roles(GET, "/prometheus/**", ADMIN),
        // The API description holds no patient data.
        RouteAccess.anonymous(GET, "/swagger/**"),
        RouteAccess.anonymous(GET, "/swagger-ui/**"),
        RouteAccess.roles(POST, "/api/v1/devices", ADMIN),
        RouteAccess.roles(GET, "/api/v1/devices", ADMIN),
        RouteAccess.roles(GET, "/api/v1/devices/{deviceId}", ADMIN),
        RouteAccess.roles(POST, "/api/v1/patients/{patientId}/devices", ADMIN),
        RouteAccess.roles(GET, "/api/v1/patients/{patientId}/devices", ADMIN, CLINICIAN),
        RouteAccess.roles(DELETE, "/api/v1/patients/{patientId}/devices/{deviceId}", ADMIN),
        RouteAccess.roles(GET, "/api/v1/audit", ADMIN, CLINICIAN));
  }
}
