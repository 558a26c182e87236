package org.icutwin.server.live;

import static io.micronaut.http.HttpMethod.GET;
import static org.icutwin.server.security.Role.ADMIN;
import static org.icutwin.server.security.Role.CLINICIAN;

import jakarta.inject.Singleton;
import java.util.List;
import org.icutwin.server.security.RouteAccess;
import org.icutwin.server.security.RouteAccessDeclaration;

/** The live stream tells who is admitted and what happens to them: the ward's staff only. */
@Singleton
class LiveRouteAccess implements RouteAccessDeclaration {

  @Override
  public List<RouteAccess> routes() {
    return List.of(RouteAccess.roles(GET, "/api/v1/stream", CLINICIAN, ADMIN));
  }
}
