package org.icutwin.server.security;

import io.micronaut.http.HttpMethod;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The route-role map: the union of every {@link RouteAccessDeclaration}. The most specific entry
 * that matches a request decides (see {@link RouteAccess#specificity()}); two entries for the same
 * method and pattern are a startup error.
 */
@Singleton
public class RouteAccessPolicy {

  private final List<RouteAccess> entries;

  public RouteAccessPolicy(List<RouteAccessDeclaration> declarations) {
    List<RouteAccess> all = new ArrayList<>();
    Set<String> keys = new HashSet<>();
    for (RouteAccessDeclaration declaration : declarations) {
      for (RouteAccess entry : declaration.routes()) {
        String key = entry.method().map(Enum::name).orElse("*") + " " + entry.pattern();
        if (!keys.add(key)) {
          throw new IllegalStateException("route access declared twice: " + key);
        }
        all.add(entry);
      }
    }
    all.sort(Comparator.comparingInt(RouteAccess::specificity).reversed());
    this.entries = List.copyOf(all);
  }

  /** The entry that decides access to the request, if any (none: refused). */
  public Optional<RouteAccess> find(HttpMethod method, String path) {
    return entries.stream().filter(e -> e.matches(method, path)).findFirst();
  }

  public List<RouteAccess> entries() {
    return entries;
  }
}
