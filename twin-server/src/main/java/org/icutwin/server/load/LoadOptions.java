package org.icutwin.server.load;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What {@code icutwin loadgen} is asked to do. Bounded: at most 5,000 patients, 50 Hz per device,
 * one hour, and only against a server and broker on a loopback address.
 *
 * @param patients virtual patients, each with one arterial line (one MQTT connection)
 * @param rateHz observations per second per device
 * @param seconds length of the measured window
 * @param warmupSeconds publishing before the window opens (JIT, twins' first proposals)
 * @param drainSeconds how long to wait after the window for acknowledgements and twins to catch up
 * @param server the server's base URL
 * @param mqtt the broker's URL
 * @param dataDir the server's data directory, to mint a token from its key (when no token is given)
 * @param token a bearer token with ADMIN and CLINICIAN
 * @param prefix prefix of patient and device ids, so that runs against one server do not collide
 * @param seed seed of the virtual MAP signals
 */
public record LoadOptions(int patients, double rateHz, int seconds, int warmupSeconds, int drainSeconds, URI server,
    URI mqtt, Optional<Path> dataDir, Optional<String> token, String prefix, long seed) {

  static final String USAGE = String.join("\n",
      "usage: icutwin loadgen --patients N --rate HZ --seconds S [--warmup S] [--drain S] [--server URL]",
      "                       [--mqtt URL] [--data-dir PATH | --token TOKEN] [--prefix ID] [--seed N]",
      "  --patients N     virtual patients, one arterial line and one MQTT connection each (1..5000)",
      "  --rate HZ        MAP observations per second per device (0 < HZ <= 50)",
      "  --seconds S      measured window (1..3600)",
      "  --warmup S       publishing before the window (default 15)",
      "  --drain S        wait for acknowledgements and twins after the window (default 60)",
      "  --server URL     default http://127.0.0.1:8080 (loopback only)",
      "  --mqtt URL       default tcp://127.0.0.1:1883 (loopback only)",
      "  --data-dir PATH  the server's data directory, to mint an ADMIN+CLINICIAN token (default ./data)",
      "  --token TOKEN    use this token instead (needs ADMIN and CLINICIAN)",
      "  --prefix ID      id prefix of patients and devices (default: lg + the current second, base 36)",
      "  --seed N         seed of the virtual signals (default 42)");

  public LoadOptions {
    require(patients >= 1 && patients <= 5000, "--patients must be within 1..5000, was " + patients);
    require(rateHz > 0 && rateHz <= 50, "--rate must be within (0, 50], was " + rateHz);
    require(seconds >= 1 && seconds <= 3600, "--seconds must be within 1..3600, was " + seconds);
    require(warmupSeconds >= 0 && warmupSeconds <= 600, "--warmup must be within 0..600, was " + warmupSeconds);
    require(drainSeconds >= 0 && drainSeconds <= 600, "--drain must be within 0..600, was " + drainSeconds);
    require(prefix.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,40}"), "--prefix must be 1-41 letters, digits, '.', '_', '-'"
        + " starting with a letter or digit, was '" + prefix + "'");
    requireLoopback("--server", server);
    requireLoopback("--mqtt", mqtt);
  }

  /** Parses {@code --name value} or {@code --name=value}. */
  public static LoadOptions parse(String... args) {
    Integer patients = null;
    Double rate = null;
    Integer seconds = null;
    int warmup = 15;
    int drain = 60;
    URI server = URI.create("http://127.0.0.1:8080");
    URI mqtt = URI.create("tcp://127.0.0.1:1883");
    Path dataDir = null;
    String token = null;
    String prefix = "lg" + Long.toString(System.currentTimeMillis() / 1000, 36);
    long seed = 42;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      int eq = arg.indexOf('=');
      String name = eq > 0 ? arg.substring(0, eq) : arg;
      String value;
      if (eq > 0) {
        value = arg.substring(eq + 1);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new IllegalArgumentException(name + " needs a value");
      }
      switch (name) {
        case "--patients" -> patients = integer(name, value);
        case "--rate" -> rate = number(name, value);
        case "--seconds" -> seconds = integer(name, value);
        case "--warmup" -> warmup = integer(name, value);
        case "--drain" -> drain = integer(name, value);
        case "--server" -> server = uri(name, value);
        case "--mqtt" -> mqtt = uri(name, value);
        case "--data-dir" -> dataDir = Path.of(value);
        case "--token" -> token = value;
        case "--prefix" -> prefix = value;
        case "--seed" -> seed = integer(name, value);
        default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
      }
    }
    require(patients != null, "--patients is required");
    require(rate != null, "--rate is required");
    require(seconds != null, "--seconds is required");
    return new LoadOptions(patients, rate, seconds, warmup, drain, server, mqtt, Optional.ofNullable(dataDir),
        Optional.ofNullable(token), prefix, seed);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  private static void requireLoopback(String name, URI uri) {
    require(uri.getHost() != null, name + " needs a host, was " + uri);
    try {
      require(InetAddress.getByName(uri.getHost()).isLoopbackAddress(),
          name + " must be a loopback address (load is only sent to this machine), was " + uri);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(name + ": unknown host " + uri.getHost());
    }
  }

  private static URI uri(String name, String value) {
    try {
      return URI.create(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + " must be a URL, was '" + value + "'");
    }
  }

  private static int integer(String name, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer, was '" + value + "'");
    }
  }

  private static double number(String name, String value) {
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number, was '" + value + "'");
    }
  }
}
