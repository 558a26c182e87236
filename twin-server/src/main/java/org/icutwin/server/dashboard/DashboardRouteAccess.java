package org.icutwin.server.dashboard;

import static io.micronaut.http.HttpMethod.GET;

import jakarta.inject.Singleton;
import java.util.List;
import org.icutwin.server.security.RouteAccess;
import org.icutwin.server.security.RouteAccessDeclaration;

/**
 * The dashboard's static files (HTML, script, style, the charting library) hold no patient data:
 * anyone may load them; every call they make to the API needs the user's token.
 */
@Singleton
class DashboardRouteAccess implements RouteAccessDeclaration {

  @Override
  public List<RouteAccess> routes() {
    return List.of(
        RouteAccess.anonymous(GET, "/"),
        RouteAccess.anonymous(GET, "/dashboard/**"),
        RouteAccess.anonymous(GET, "/webjars/**"));
  }
}
