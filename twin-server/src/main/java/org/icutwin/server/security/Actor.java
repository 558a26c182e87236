package org.icutwin.server.security;

import io.micronaut.security.authentication.Authentication;
import java.util.List;
import java.util.Objects;

/**
 * Who is acting, as the audit log records it: the token's subject and roles, or the server
 * itself for what it does on its own (demo, expiry).
 *
 * @param subject token subject, e.g. {@code alice}
 * @param roles role names held
 */
public record Actor(String subject, List<String> roles) {

  /** The server acting on its own behalf. */
  public static final Actor SYSTEM = new Actor("system", List.of("SYSTEM"));

  public Actor {
    Objects.requireNonNull(subject, "subject");
    roles = roles.stream().sorted().toList();
  }

  public static Actor of(Authentication authentication) {
    return new Actor(authentication.getName(), List.copyOf(authentication.getRoles()));
  }
}
