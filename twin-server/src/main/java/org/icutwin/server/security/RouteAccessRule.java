package org.icutwin.server.security;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.security.rules.SecurityRuleResult;
import jakarta.inject.Singleton;
import java.util.EnumSet;
import java.util.Set;
import org.reactivestreams.Publisher;

/**
 * The server's only access decision, ahead of Micronaut's own rules: allowed when the route-role
 * map lets the caller in, rejected otherwise, including every path the map does not cover (deny
 * by default). Rejected without a token is 401, with a token 403.
 */
@Singleton
class RouteAccessRule implements SecurityRule<HttpRequest<?>> {

  /** Before Micronaut's rules (the lowest of which is around -300), so they never decide. */
  static final int ORDER = -10_000;

  private final RouteAccessPolicy policy;

  RouteAccessRule(RouteAccessPolicy policy) {
    this.policy = policy;
  }

  @Override
  public Publisher<SecurityRuleResult> check(@Nullable HttpRequest<?> request, @Nullable Authentication authentication) {
    if (request == null) {
      return Publishers.just(SecurityRuleResult.REJECTED);
    }
    boolean allowed = policy.find(request.getMethod(), request.getPath())
        .map(entry -> entry.anonymous() || authentication != null && entry.allows(roles(authentication)))
        .orElse(false);
    return Publishers.just(allowed ? SecurityRuleResult.ALLOWED : SecurityRuleResult.REJECTED);
  }

  static Set<Role> roles(Authentication authentication) {
    Set<Role> held = EnumSet.noneOf(Role.class);
    for (String name : authentication.getRoles()) {
      for (Role r : Role.values()) {
        if (r.name().equals(name)) {
          held.add(r);
        }
      }
    }
    return held;
  }

  @Override
  public int getOrder() {
    return ORDER;
  }
}
