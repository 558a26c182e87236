package org.icutwin.server.user;

import static io.micronaut.http.HttpMethod.GET;
import static io.micronaut.http.HttpMethod.POST;
import static org.icutwin.server.security.Role.ADMIN;
import static org.icutwin.server.security.Role.CLINICIAN;
import static org.icutwin.server.security.Role.DEVICE;
import static org.icutwin.server.security.Role.INTEGRATOR;

import jakarta.inject.Singleton;
import java.util.List;
import org.icutwin.server.security.RouteAccess;
import org.icutwin.server.security.RouteAccessDeclaration;

/** Signing in needs no token (it gives one); accounts are managed by ADMIN. */
@Singleton
class UserRouteAccess implements RouteAccessDeclaration {

  @Override
  public List<RouteAccess> routes() {
    return List.of(
        RouteAccess.anonymous(POST, "/api/v1/session"),
        RouteAccess.roles(GET, "/api/v1/session", CLINICIAN, ADMIN, INTEGRATOR, DEVICE),
        RouteAccess.roles(POST, "/api/v1/users", ADMIN),
        RouteAccess.roles(GET, "/api/v1/users", ADMIN));
  }
}
