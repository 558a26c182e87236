package org.icutwin.server.cli;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.icutwin.server.security.JwtSecret;
import org.icutwin.server.security.Role;
import org.icutwin.server.security.TokenService;

/**
 * {@code icutwin token --sub alice --role CLINICIAN [--hours 12] [--data-dir PATH]}: prints a
 * bearer token the server accepts. It reads the same configuration as the server (application.yml,
 * environment, {@code --data-dir}) to find the key, but starts neither the database nor Pekko, so
 * it works while the server runs.
 */
public final class TokenCommand {

  static final double DEFAULT_HOURS = 12;
  static final String USAGE = "usage: icutwin token --sub NAME --role ROLE[,ROLE] [--hours H] [--data-dir=PATH]"
      + "\n  roles: CLINICIAN, INTEGRATOR, DEVICE, ADMIN";

  private TokenCommand() {
  }

  /** Runs the command; returns the process exit code (0 ok, 2 usage error). */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Request request;
    try {
      request = Request.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("icutwin token: " + e.getMessage());
      err.println(USAGE);
      return 2;
    }
    Map<String, Object> props = new LinkedHashMap<>();
    request.dataDir().ifPresent(d -> props.put("icutwin.data-dir", d.toString()));
    ApplicationContext context = ApplicationContext.builder().properties(props).build();
    Environment env = context.getEnvironment().start();
    try {
      Path dataDir = Path.of(env.getProperty("icutwin.data-dir", String.class).orElse("./data"));
      Optional<String> secret = env.getProperty("icutwin.security.jwt-secret", String.class).filter(s -> !s.isBlank());
      String issuer = env.getProperty("icutwin.security.token-issuer", String.class).orElse("icutwin");
      TokenService tokens = new TokenService(JwtSecret.resolve(secret, dataDir), issuer, Clock.systemUTC());
      out.println(tokens.mint(request.subject(), request.roles(), request.lifetime()));
      return 0;
    } catch (IllegalArgumentException e) {
      err.println("icutwin token: " + e.getMessage());
      return 2;
    } finally {
      env.stop();
    }
  }

  /** The parsed arguments. */
  record Request(String subject, Set<Role> roles, Duration lifetime, Optional<Path> dataDir) {

    static Request parse(String[] args) {
      String subject = null;
      Set<Role> roles = EnumSet.noneOf(Role.class);
      double hours = DEFAULT_HOURS;
      Path dataDir = null;
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
        String value;
        if (arg.contains("=")) {
          value = arg.substring(arg.indexOf('=') + 1);
        } else if (i + 1 < args.length) {
          value = args[++i];
        } else {
          throw new IllegalArgumentException(name + " needs a value");
        }
        switch (name) {
          case "--sub" -> subject = value;
          case "--role" -> {
            for (String r : value.split(",")) {
              roles.add(Role.parse(r));
            }
          }
          case "--hours" -> {
            try {
              hours = Double.parseDouble(value);
            } catch (NumberFormatException e) {
              throw new IllegalArgumentException("--hours must be a number, was '" + value + "'");
            }
            if (!(hours > 0)) {
              throw new IllegalArgumentException("--hours must be > 0, was " + value);
            }
          }
          case "--data-dir" -> dataDir = Path.of(value);
          default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
        }
      }
      if (subject == null || subject.isBlank()) {
        throw new IllegalArgumentException("--sub is required");
      }
      if (roles.isEmpty()) {
        throw new IllegalArgumentException("--role is required");
      }
      return new Request(subject, roles, Duration.ofSeconds(Math.round(hours * 3600)), Optional.ofNullable(dataDir));
    }
  }
}
