package org.icutwin.server;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.info.License;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import java.util.Arrays;
import org.icutwin.server.cli.ServerOptions;
import org.icutwin.server.cli.TokenCommand;
import org.icutwin.server.load.LoadGenerator;

/**
 * Entry point: {@code java -jar twin-server.jar [options]} runs the server,
 * {@code java -jar twin-server.jar token ...} prints a bearer token (see {@link ServerOptions#USAGE}),
 * {@code java -jar twin-server.jar loadgen ...} loads a running server ({@link LoadGenerator}).
 */
@OpenAPIDefinition(
    info = @Info(title = "icutwin", version = "v1",
        description = "Closed-loop ICU digital twin server. Every call needs a bearer token (see docs/api.md).",
        license = @License(name = "Apache-2.0")),
    security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
public final class Application {

  private Application() {
  }

  public static void main(String[] args) {
    if (args.length > 0 && "token".equals(args[0])) {
      int code = TokenCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err);
      if (code != 0) {
        System.exit(code);
      }
      return;
    }
    if (args.length > 0 && "loadgen".equals(args[0])) {
      System.exit(LoadGenerator.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
      return;
    }
    ServerOptions options;
    try {
      options = ServerOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("icutwin: " + e.getMessage());
      System.err.println(ServerOptions.USAGE);
      System.exit(2);
      return;
    }
    if (options.help()) {
      System.out.println(ServerOptions.USAGE);
      return;
    }
    Micronaut.build(new String[0])
        .mainClass(Application.class)
        .banner(false)
        .properties(options.properties())
        .start();
  }
}
