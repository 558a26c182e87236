package org.icutwin.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.icutwin.server.ServerTestSupport;
import org.junit.jupiter.api.Test;

/**
 * Every route the application serves, as the router lists it, is covered by the route-role map
 * and refuses calls without a token (401) and with a token of any role it does not allow (403).
 * Routes added later are checked the same way without changing this test.
 */
@MicronautTest
class RouteSecurityTest extends ServerTestSupport {

  @Inject
  Router router;

  @Inject
  RouteAccessPolicy policy;

  @Inject
  @Client("/")
  HttpClient http;

  record Probe(HttpMethod method, String template, String path) {
  }

  @Test
  void everyRouteHasDeclaredRoles() {
    List<String> undeclared = probes().stream()
        .filter(p -> policy.find(p.method(), p.path()).isEmpty())
        .map(p -> p.method() + " " + p.template())
        .toList();
    assertThat(probes()).hasSizeGreaterThan(5);
    assertThat(undeclared).as("routes without an entry in the route-role map (add a RouteAccessDeclaration)")
        .isEmpty();
  }

  @Test
  void everyProtectedRouteAnswers401WithoutAToken() {
    List<String> wrong = new ArrayList<>();
    for (Probe p : probes()) {
      Optional<RouteAccess> access = policy.find(p.method(), p.path());
      if (access.isPresent() && access.get().anonymous()) {
        continue;
      }
      int status = call(p, null);
      if (status != 401) {
        wrong.add(p.method() + " " + p.path() + " -> " + status);
      }
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  void everyProtectedRouteAnswers403ToEveryRoleItDoesNotAllow() {
    List<String> wrong = new ArrayList<>();
    int checked = 0;
    for (Probe p : probes()) {
      RouteAccess access = policy.find(p.method(), p.path()).orElseThrow();
      if (access.anonymous()) {
        continue;
      }
      for (Role role : EnumSet.complementOf(EnumSet.copyOf(access.roles()))) {
        int status = call(p, token("mallory", role));
        checked++;
        if (status != 403) {
          wrong.add(p.method() + " " + p.path() + " as " + role + " -> " + status);
        }
      }
    }
    assertThat(checked).isPositive();
    assertThat(wrong).isEmpty();
  }

  @Test
  void anonymousRoutesNeedNoToken() {
    for (Probe p : probes()) {
      if (policy.find(p.method(), p.path()).orElseThrow().anonymous()) {
        assertThat(call(p, null)).as(p.method() + " " + p.path())
            .isNotIn(401, 403);
      }
    }
  }

  @Test
  void theOpenApiDocumentIsServedWithoutATokenAndDescribesTheAdminApi() {
    String spec = http.toBlocking().retrieve("/swagger/icutwin-v1.yml");
    assertThat(spec).contains("/api/v1/devices").contains("/api/v1/audit").contains("bearer");
    assertThat(call(new Probe(HttpMethod.GET, "/swagger-ui/index.html", "/swagger-ui/index.html"), null))
        .isEqualTo(200);
  }

  @Test
  void aPathNoRouteServesIsRefusedWithoutAToken() {
    assertThat(call(new Probe(HttpMethod.GET, "/nowhere", "/nowhere"), null)).isEqualTo(401);
  }

  @Test
  void aTokenSignedWithAnotherKeyIsRefused() {
    TokenService forged = new TokenService(JwtSecret.resolve(Optional.of("x".repeat(40)), dataDir), "icutwin",
        java.time.Clock.systemUTC());
    String token = forged.mint("eve", Set.of(Role.ADMIN), java.time.Duration.ofMinutes(5));
    assertThat(call(new Probe(HttpMethod.GET, "/api/v1/devices", "/api/v1/devices"), token))
        .isEqualTo(401);
  }

  private List<Probe> probes() {
    List<Probe> probes = new ArrayList<>();
    router.uriRoutes().map(RouteSecurityTest::probe).distinct().forEach(probes::add);
    return probes;
  }

  private static Probe probe(UriRouteInfo<?, ?> route) {
    Map<String, Object> values = new HashMap<>();
    for (String name : route.getUriMatchTemplate().getVariableNames()) {
      values.put(name, "x1");
    }
    String path = route.getUriMatchTemplate().expand(values);
    int query = path.indexOf('?');
    return new Probe(route.getHttpMethod(), route.getUriMatchTemplate().toString(),
        query < 0 ? path : path.substring(0, query));
  }

  private int call(Probe p, String bearer) {
    MutableHttpRequest<Object> request = HttpRequest.create(p.method(), p.path());
    if (p.method().permitsRequestBody()) {
      request.body(Map.of());
    }
    if (bearer != null) {
      request.bearerAuth(bearer);
    }
    BlockingHttpClient client = http.toBlocking();
    try {
      HttpResponse<String> response = client.exchange(request, Argument.STRING, Argument.STRING);
      return response.code();
    } catch (HttpClientResponseException e) {
      return e.code();
    }
  }
}
