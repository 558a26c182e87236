package org.icutwin.server.security;

import io.micronaut.core.util.PathMatcher;
import io.micronaut.http.HttpMethod;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who may call the routes a path pattern covers: anyone (no token), or token holders with one of
 * the roles. Patterns are Ant-style over the request path: {@code *} is one segment, {@code **}
 * any number; {@code {id}} in a pattern stands for one segment, as in a route template.
 *
 * @param method HTTP method, or empty for every method
 * @param pattern path pattern, e.g. {@code /api/v1/patients/{id}/devices/**}
 * @param roles roles allowed; empty only when {@code anonymous}
 * @param anonymous whether no token is needed
 */
public record RouteAccess(Optional<HttpMethod> method, String pattern, Set<Role> roles, boolean anonymous) {

  public RouteAccess {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(pattern, "pattern");
    if (!pattern.startsWith("/")) {
      throw new IllegalArgumentException("route pattern must start with '/', was '" + pattern + "'");
    }
    roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    if (anonymous != roles.isEmpty()) {
      throw new IllegalArgumentException("route " + pattern + ": either anonymous or at least one role");
    }
  }

  /** Callable with a token carrying any of {@code roles}. */
  public static RouteAccess roles(HttpMethod method, String pattern, Role... roles) {
    return new RouteAccess(Optional.of(method), pattern, Set.of(roles), false);
  }

  /** Every method of the pattern, for token holders with any of {@code roles}. */
  public static RouteAccess rolesAnyMethod(String pattern, Role... roles) {
    return new RouteAccess(Optional.empty(), pattern, Set.of(roles), false);
  }

  /** Callable without a token (health probes, the OpenAPI document). */
  public static RouteAccess anonymous(HttpMethod method, String pattern) {
    return new RouteAccess(Optional.of(method), pattern, Set.of(), true);
  }

  /** Whether this entry covers the request; a GET entry also covers HEAD (Micronaut adds HEAD routes). */
  public boolean matches(HttpMethod requestMethod, String path) {
    boolean methodMatches = method.map(m -> m == requestMethod || m == HttpMethod.GET && requestMethod == HttpMethod.HEAD)
        .orElse(true);
    return methodMatches && PathMatcher.ANT.matches(antPattern(), path);
  }

  /** Whether a token with these roles is allowed (ignores {@link #anonymous}). */
  public boolean allows(Set<Role> held) {
    return anonymous || held.stream().anyMatch(roles::contains);
  }

  /**
   * Ranks entries that match the same request: a method-specific entry beats one for every
   * method, then a pattern without {@code **} beats one with it, then more literal characters win.
   */
  int specificity() {
    String ant = antPattern();
    int literal = ant.replace("*", "").length();
    return (method.isPresent() ? 100_000 : 0) + (ant.contains("**") ? 0 : 10_000) + literal;
  }

  private String antPattern() {
    return pattern.replaceAll("\\{[^/}]+}", "*");
  }
}
