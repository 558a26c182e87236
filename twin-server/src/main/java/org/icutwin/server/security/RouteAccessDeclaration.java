package org.icutwin.server.security;

import java.util.List;

/**
 * A module's part of the route-role map. Every route the server serves must be covered by an
 * entry of some declaration bean; a route without one is refused to everyone (and fails
 * {@code RouteSecurityTest}). Add a bean of your own next to your controllers.
 */
public interface RouteAccessDeclaration {

  List<RouteAccess> routes();
}
