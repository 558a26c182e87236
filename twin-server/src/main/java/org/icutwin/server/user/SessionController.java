package org.icutwin.server.user;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.icutwin.server.api.ApiException;
import org.icutwin.server.audit.AuditLog;
import org.icutwin.server.security.Actor;
import org.icutwin.server.security.Role;
import org.icutwin.server.security.TokenService;

/**
 * Signing in: a user name and password give a bearer token for a shift ({@link #SHIFT}); a
 * token's holder can ask who it says they are.
 */
@Controller("/api/v1/session")
@Tag(name = "session")
class SessionController {

  /** How long a token from a sign-in is valid: one ICU shift. */
  static final Duration SHIFT = Duration.ofHours(12);

  @Serdeable
  record SignInRequest(String username, String password) {
  }

  /**
   * A signed-in session.
   *
   * @param token the bearer token to send as {@code Authorization: Bearer ...}
   */
  @Serdeable
  record Session(String token, String username, String displayName, List<String> roles, Instant expiresAt) {
  }

  /** Who a token says its holder is. */
  @Serdeable
  record Whoami(String username, List<String> roles, Instant expiresAt) {
  }

  private final UserAccounts users;
  private final TokenService tokens;
  private final AuditLog audit;

  SessionController(UserAccounts users, TokenService tokens, AuditLog audit) {
    this.users = users;
    this.tokens = tokens;
    this.audit = audit;
  }

  @Operation(summary = "Sign in with a user name and password; answers a bearer token valid for 12 h")
  @Post
  HttpResponse<Session> signIn(@Body SignInRequest r) {
    if (r.username() == null || r.username().isBlank()) {
      throw ApiException.invalid("username", "username is required");
    }
    if (r.password() == null || r.password().isEmpty()) {
      throw ApiException.invalid("password", "password is required");
    }
    UserAccounts.SignIn outcome = users.signIn(r.username(), r.password().toCharArray());
    if (outcome instanceof UserAccounts.SignIn.Locked l) {
      long s = Math.max(1, (l.retryAfter().toMillis() + 999) / 1000);
      throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, null, "too many failed sign-ins for '" + r.username()
          + "'; try again in " + s + " s");
    }
    if (!(outcome instanceof UserAccounts.SignIn.Ok ok)) {
      throw new ApiException(HttpStatus.UNAUTHORIZED, null, "unknown user name or wrong password");
    }
    UserView u = ok.user();
    Set<Role> roles = EnumSet.noneOf(Role.class);
    u.roles().forEach(x -> roles.add(Role.parse(x)));
    String token = tokens.mint(u.username(), roles, SHIFT);
    audit.record(new Actor(u.username(), u.roles()), "session.signed-in", null, Map.of("username", u.username()));
    return HttpResponse.created(new Session(token, u.username(), u.displayName(), u.roles(),
        Clock.systemUTC().instant().plus(SHIFT)));
  }

  @Operation(summary = "Who the bearer token belongs to, its roles and when it expires")
  @Get
  Whoami whoami(Authentication auth) {
    Object exp = auth.getAttributes().get("exp");
    Instant expires = exp instanceof java.util.Date d ? d.toInstant()
        : exp instanceof Number n ? Instant.ofEpochSecond(n.longValue()) : null;
    return new Whoami(auth.getName(), List.copyOf(auth.getRoles()), expires);
  }
}
