package org.icutwin.server.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server's command-line options, turned into configuration properties (which then override
 * application.yml, environment variables and system properties).
 *
 * @param properties configuration properties to start with
 * @param help whether usage was asked for
 */
public record ServerOptions(Map<String, Object> properties, boolean help) {

  public static final String USAGE = String.join("\n",
      "usage: icutwin [--demo] [--accelerate=N] [--data-dir=PATH] [--port=N] [--mqtt-port=N] [--mqtt-url=URL]",
      "       icutwin token --sub NAME --role ROLE[,ROLE] [--hours H] [--data-dir=PATH]",
      "       icutwin loadgen --patients N --rate HZ --seconds S [--server URL] [--mqtt URL] [--data-dir PATH]",
      "  --demo            admit three virtual patients and stream their data",
      "  --accelerate=N    demo time runs N times faster than the clock (default 1)",
      "  --data-dir=PATH   database and JWT secret live here (default ./data)",
      "  --port=N          HTTP port on 127.0.0.1 (default 8080)",
      "  --mqtt-port=N     the embedded MQTT broker's port on 127.0.0.1 (default 1883)",
      "  --mqtt-url=URL    use this MQTT broker instead of the embedded one, e.g. tcp://127.0.0.1:1883");

  public ServerOptions {
    properties = Map.copyOf(properties);
  }

  /**
   * Parses {@code --name=value} or {@code --name value} options.
   *
   * @throws IllegalArgumentException naming the option that is unknown or has a bad value
   */
  public static ServerOptions parse(String... args) {
    Map<String, Object> props = new LinkedHashMap<>();
    boolean help = false;
    List<String> list = List.of(args);
    for (int i = 0; i < list.size(); i++) {
      String arg = list.get(i);
      String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      switch (name) {
        case "--help", "-h" -> help = true;
        case "--demo" -> props.put("icutwin.demo.enabled", true);
        case "--accelerate", "--data-dir", "--port", "--mqtt-port", "--mqtt-url" -> {
          String value;
          if (arg.contains("=")) {
            value = arg.substring(arg.indexOf('=') + 1);
          } else if (i + 1 < list.size()) {
            value = list.get(++i);
          } else {
            throw new IllegalArgumentException(name + " needs a value");
          }
          put(props, name, value);
        }
        default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
      }
    }
    return new ServerOptions(props, help);
  }

  private static void put(Map<String, Object> props, String name, String value) {
    switch (name) {
      case "--accelerate" -> {
        double factor = number(name, value);
        if (!(factor >= 1)) {
          throw new IllegalArgumentException("--accelerate must be >= 1, was " + value);
        }
        props.put("icutwin.demo.accelerate", factor);
      }
      case "--data-dir" -> {
        if (value.isBlank()) {
          throw new IllegalArgumentException("--data-dir must not be empty");
        }
        props.put("icutwin.data-dir", Path.of(value).toString());
      }
      case "--port" -> props.put("micronaut.server.port", port(name, value));
      case "--mqtt-port" -> props.put("icutwin.mqtt.broker.port", port(name, value));
      case "--mqtt-url" -> props.put("icutwin.mqtt.url", value);
      default -> throw new IllegalStateException(name);
    }
  }

  private static int port(String name, String value) {
    double port = number(name, value);
    if (port != Math.rint(port) || port < 0 || port > 65535) {
      throw new IllegalArgumentException(name + " must be an integer within 0..65535, was " + value);
    }
    return (int) port;
  }

  private static double number(String name, String value) {
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number, was '" + value + "'");
    }
  }
}
