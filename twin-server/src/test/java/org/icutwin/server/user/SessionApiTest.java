package org.icutwin.server.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.icutwin.server.ServerTestSupport.problem;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.icutwin.server.ServerTestSupport;
import org.icutwin.server.api.Problem;
import org.icutwin.server.audit.AuditEntry;
import org.icutwin.server.security.Role;
import org.junit.jupiter.api.Test;

/**
 * Accounts and signing in: an administrator creates a user, the user signs in with name and
 * password and gets a token the API accepts; wrong passwords and unknown names are refused alike,
 * repeated failures lock the name, bad accounts are refused with the field named.
 */
@MicronautTest
class SessionApiTest extends ServerTestSupport {

  @Inject
  @Client("/")
  HttpClient http;

  @Test
  void aUserCreatedByAnAdministratorSignsInAndTheTokenWorks() {
    BlockingHttpClient c = http.toBlocking();
    String admin = token("ada", Role.ADMIN);
    HttpResponse<UserView> created = c.exchange(HttpRequest.POST("/api/v1/users", Map.of("username", "dr.lee",
        "displayName", "Dr Lee", "roles", List.of("clinician"), "password", "a-long-password-1")).bearerAuth(admin),
        UserView.class);
    assertThat(created.code()).isEqualTo(201);
    assertThat(created.body().roles()).containsExactly("CLINICIAN");
    assertThat(c.retrieve(HttpRequest.GET("/api/v1/users").bearerAuth(admin), Argument.listOf(UserView.class)))
        .extracting(UserView::username).contains("dr.lee");
    // The answer never carries the password or its hash.
    assertThat(c.retrieve(HttpRequest.GET("/api/v1/users").bearerAuth(admin))).doesNotContain("pbkdf2")
        .doesNotContain("a-long-password-1");

    Map<?, ?> session = c.retrieve(HttpRequest.POST("/api/v1/session", Map.of("username", "dr.lee", "password",
        "a-long-password-1")), Map.class);
    String token = (String) session.get("token");
    assertThat(session.get("displayName")).isEqualTo("Dr Lee");
    assertThat(Instant.parse((String) session.get("expiresAt"))).isBetween(Instant.now().plus(Duration.ofHours(11)),
        Instant.now().plus(Duration.ofHours(13)));
    Map<?, ?> whoami = c.retrieve(HttpRequest.GET("/api/v1/session").bearerAuth(token), Map.class);
    assertThat(whoami.get("username")).isEqualTo("dr.lee");
    assertThat(whoami.get("roles")).isEqualTo(List.of("CLINICIAN"));
    // The token carries the user's role and no other: the ward is readable, admitting is not.
    assertThat(c.exchange(HttpRequest.GET("/api/v1/patients").bearerAuth(token)).code()).isEqualTo(200);
    assertThat(problem(c, HttpRequest.POST("/api/v1/patients", Map.of()).bearerAuth(token)).status()).isEqualTo(403);
    List<AuditEntry> audit = c.retrieve(HttpRequest.GET("/api/v1/audit?limit=50").bearerAuth(admin),
        Argument.listOf(AuditEntry.class));
    assertThat(audit).extracting(AuditEntry::action).contains("user.created", "session.signed-in");
  }

  @Test
  void wrongPasswordsAndUnknownNamesAreRefusedAlikeAndRepeatedFailuresLockTheName() {
    BlockingHttpClient c = http.toBlocking();
    c.exchange(HttpRequest.POST("/api/v1/users", Map.of("username", "nurse.kim", "roles", List.of("CLINICIAN"),
        "password", "another-password-2")).bearerAuth(token("ada", Role.ADMIN)));
    Problem wrong = problem(c, HttpRequest.POST("/api/v1/session", Map.of("username", "nurse.kim", "password", "x")));
    Problem unknown = problem(c, HttpRequest.POST("/api/v1/session", Map.of("username", "nobody", "password", "x")));
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(unknown.status()).isEqualTo(401);
    assertThat(wrong.detail()).isEqualTo(unknown.detail()).contains("unknown user name or wrong password");
    assertThat(problem(c, HttpRequest.POST("/api/v1/session", Map.of("username", "nurse.kim"))).detail())
        .contains("password is required");
    for (int i = 0; i < UserAccounts.MAX_FAILURES - 1; i++) {
      problem(c, HttpRequest.POST("/api/v1/session", Map.of("username", "nurse.kim", "password", "guess" + i)));
    }
    // Locked now: even the right password is refused until the lock ends.
    Problem locked = problem(c, HttpRequest.POST("/api/v1/session", Map.of("username", "nurse.kim", "password",
        "another-password-2")));
    assertThat(locked.status()).isEqualTo(429);
    assertThat(locked.detail()).contains("too many failed sign-ins").contains("try again in");
  }

  @Test
  void badAccountsAreRefusedNamingTheField() {
    BlockingHttpClient c = http.toBlocking();
    String admin = token("ada", Role.ADMIN);
    assertThat(problem(c, HttpRequest.POST("/api/v1/users", Map.of("username", "short", "roles", List.of("ADMIN"),
        "password", "tooshort")).bearerAuth(admin)).detail()).contains("at least 12 characters");
    assertThat(problem(c, HttpRequest.POST("/api/v1/users", Map.of("username", "r", "roles", List.of("DOCTOR"),
        "password", "long-enough-password")).bearerAuth(admin)).detail()).contains("unknown role 'DOCTOR'");
    assertThat(problem(c, HttpRequest.POST("/api/v1/users", Map.of("username", "no roles", "roles", List.of("ADMIN"),
        "password", "long-enough-password")).bearerAuth(admin)).status()).isEqualTo(422);
    c.exchange(HttpRequest.POST("/api/v1/users", Map.of("username", "twice", "roles", List.of("ADMIN"),
        "password", "long-enough-password")).bearerAuth(admin));
    assertThat(problem(c, HttpRequest.POST("/api/v1/users", Map.of("username", "twice", "roles", List.of("ADMIN"),
        "password", "long-enough-password")).bearerAuth(admin)).status()).isEqualTo(409);
    // Only an administrator manages accounts.
    assertThat(problem(c, HttpRequest.POST("/api/v1/users", Map.of("username", "x", "roles", List.of("ADMIN"),
        "password", "long-enough-password")).bearerAuth(token("dr", Role.CLINICIAN))).status()).isEqualTo(403);
  }

}
