package org.icutwin.server.twin;

import static io.micronaut.http.HttpMethod.GET;
import static io.micronaut.http.HttpMethod.POST;
import static org.icutwin.server.security.Role.ADMIN;
import static org.icutwin.server.security.Role.CLINICIAN;
import static org.icutwin.server.security.Role.DEVICE;

import jakarta.inject.Singleton;
import java.util.List;
import org.icutwin.server.security.RouteAccess;
import org.icutwin.server.security.RouteAccessDeclaration;

/** Who may call the twin routes: clinicians read and decide, administrators admit and discharge. */
@Singleton
class TwinRouteAccess implements RouteAccessDeclaration {

  @Override
  public List<RouteAccess> routes() {
    return List.of(
        RouteAccess.roles(POST, "/api/v1/patients", ADMIN),
        RouteAccess.roles(GET, "/api/v1/patients", CLINICIAN, ADMIN),
        RouteAccess.roles(GET, "/api/v1/patients/{id}", CLINICIAN, ADMIN),
        RouteAccess.roles(GET, "/api/v1/patients/{id}/twin", CLINICIAN),
        RouteAccess.roles(GET, "/api/v1/patients/{id}/forecast", CLINICIAN),
        RouteAccess.roles(GET, "/api/v1/patients/{id}/recommendations", CLINICIAN),
        RouteAccess.roles(POST, "/api/v1/patients/{id}/what-if", CLINICIAN),
        RouteAccess.roles(POST, "/api/v1/patients/{id}/recommendations", CLINICIAN),
        RouteAccess.roles(GET, "/api/v1/patients/{id}/recommendations/{rid}", CLINICIAN),
        RouteAccess.roles(POST, "/api/v1/patients/{id}/recommendations/{rid}/decision", CLINICIAN),
        RouteAccess.roles(POST, "/api/v1/patients/{id}/recommendations/{rid}/check", CLINICIAN),
        RouteAccess.roles(POST, "/api/v1/patients/{id}/doses", CLINICIAN),
        RouteAccess.roles(POST, "/api/v1/patients/{id}/alerts/{aid}/acknowledge", CLINICIAN),
        RouteAccess.roles(POST, "/api/v1/patients/{id}/barrier", DEVICE, ADMIN),
        RouteAccess.roles(GET, "/api/v1/patients/{id}/history", CLINICIAN),
        RouteAccess.roles(GET, "/api/v1/patients/{id}/estimates", CLINICIAN, ADMIN),
        RouteAccess.roles(POST, "/api/v1/patients/{id}/discharge", ADMIN));
  }
}
