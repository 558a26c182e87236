package org.icutwin.server;

import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.icutwin.server.security.Role;
import org.icutwin.server.security.TokenService;
import org.junit.jupiter.api.TestInstance;

/**
 * Base of the {@code @MicronautTest} classes: a fresh data directory (H2 database, JWT secret) per
 * test class, and tokens minted by the server's own {@link TokenService}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ServerTestSupport implements TestPropertyProvider {

  protected final Path dataDir = newDataDir();

  @Inject
  protected TokenService tokens;

  @Override
  public Map<String, String> getProperties() {
    return Map.of("icutwin.data-dir", dataDir.toString());
  }

  protected String token(String subject, Role... roles) {
    return tokens.mint(subject, Set.of(roles), Duration.ofMinutes(10));
  }

  /** The problem+json body of a request that must fail (an AssertionError if it succeeds or has none). */
  public static org.icutwin.server.api.Problem problem(io.micronaut.http.client.BlockingHttpClient c,
      io.micronaut.http.MutableHttpRequest<?> request) {
    try {
      c.exchange(request, io.micronaut.core.type.Argument.STRING,
          io.micronaut.core.type.Argument.of(org.icutwin.server.api.Problem.class));
    } catch (io.micronaut.http.client.exceptions.HttpClientResponseException e) {
      return e.getResponse().getBody(org.icutwin.server.api.Problem.class).orElseThrow(
          () -> new AssertionError("no problem body: " + e.getResponse().getBody(String.class).orElse("")));
    }
    throw new AssertionError("expected an error for " + request.getPath());
  }

  public static Path newDataDir() {
    try {
      Path target = Path.of("target", "test-data");
      Files.createDirectories(target);
      return Files.createTempDirectory(target.toAbsolutePath(), "data-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
