package org.icutwin.server.security;

import static io.micronaut.http.HttpMethod.DELETE;
import static io.micronaut.http.HttpMethod.GET;
import static io.micronaut.http.HttpMethod.HEAD;
import static io.micronaut.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How the route-role map picks the entry that decides a request. */
class RouteAccessPolicyTest {

  private static RouteAccessPolicy policy(RouteAccess... entries) {
    return new RouteAccessPolicy(List.of(() -> List.of(entries)));
  }

  @Test
  void theMostSpecificEntryDecides() {
    RouteAccessPolicy policy = policy(
        RouteAccess.rolesAnyMethod("/api/v1/patients/**", Role.CLINICIAN, Role.ADMIN),
        RouteAccess.roles(POST, "/api/v1/patients/{id}/devices", Role.ADMIN),
        RouteAccess.roles(DELETE, "/api/v1/patients/{id}/devices/{deviceId}", Role.ADMIN));
    assertThat(policy.find(POST, "/api/v1/patients/p1/devices")).get()
        .extracting(RouteAccess::roles).isEqualTo(Set.of(Role.ADMIN));
    assertThat(policy.find(GET, "/api/v1/patients/p1/twin")).get()
        .extracting(RouteAccess::roles).isEqualTo(Set.of(Role.CLINICIAN, Role.ADMIN));
    assertThat(policy.find(DELETE, "/api/v1/patients/p1/devices/d1")).get()
        .extracting(RouteAccess::pattern).isEqualTo("/api/v1/patients/{id}/devices/{deviceId}");
  }

  @Test
  void aGetEntryCoversHeadAndNothingCoversAnUndeclaredPath() {
    RouteAccessPolicy policy = policy(RouteAccess.anonymous(GET, "/health"));
    assertThat(policy.find(HEAD, "/health")).isPresent();
    assertThat(policy.find(POST, "/health")).isEmpty();
    assertThat(policy.find(GET, "/healthz")).isEmpty();
  }

  @Test
  void aRouteDeclaredTwiceIsAStartupError() {
    assertThatThrownBy(() -> policy(RouteAccess.roles(GET, "/a", Role.ADMIN), RouteAccess.roles(GET, "/a", Role.DEVICE)))
        .hasMessageContaining("GET /a");
  }

  @Test
  void anEntryIsEitherAnonymousOrHasRoles() {
    assertThatThrownBy(() -> RouteAccess.roles(GET, "/a")).hasMessageContaining("/a");
    assertThat(RouteAccess.roles(GET, "/a", Role.ADMIN).allows(Set.of(Role.CLINICIAN))).isFalse();
    assertThat(RouteAccess.roles(GET, "/a", Role.ADMIN).allows(Set.of(Role.CLINICIAN, Role.ADMIN))).isTrue();
  }
}
