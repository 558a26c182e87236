package org.icutwin.gateway.mqtt;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A Mosquitto 2 process from the Debian package on a free loopback port, with its own config file,
 * persistence in a temporary folder and anonymous access (test broker only). Fails, never skips,
 * when Mosquitto is not installed.
 */
final class MosquittoBroker implements AutoCloseable {

  static final Path BINARY = Path.of("/usr/sbin/mosquitto");

  private final Process process;
  private final int port;
  final Path log;

  private MosquittoBroker(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  static MosquittoBroker start(Path dir) {
    if (!Files.isExecutable(BINARY)) {
      throw new AssertionError(BINARY + " is missing: the MQTT tests need Mosquitto 2 "
          + "(apt-get install -y mosquitto mosquitto-clients; .ci/run installs it)");
    }
    int port = Fixtures.freePort();
    try {
      Path data = Files.createDirectories(dir.resolve("mosquitto-data"));
      Path conf = dir.resolve("mosquitto.conf");
      Path log = dir.resolve("mosquitto.log");
      Files.writeString(conf, String.join("\n",
          "listener " + port + " 127.0.0.1",
          "allow_anonymous true",
          "persistence true",
          "persistence_location " + data + "/",
          // Mosquitto's default keeps only 1000 queued messages per session and drops the rest. A bound,
          // not 0 (unlimited): with 0, Mosquitto 2.0.11 was seen to push every queued message at once,
          // ignoring the client's receive maximum.
          "max_queued_messages 1000000",
          "max_inflight_messages 100",
          "user " + System.getProperty("user.name"),
          "log_dest file " + log,
          "log_type error",
          "log_type warning",
          ""));
      Process p = new ProcessBuilder(BINARY.toString(), "-c", conf.toString())
          .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.out").toFile()).start();
      MosquittoBroker broker = new MosquittoBroker(p, port, log);
      await("mosquitto listening on " + port).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
          .until(() -> {
            if (!p.isAlive()) {
              throw new AssertionError("mosquitto exited: " + Files.readString(dir.resolve("mosquitto.out")));
            }
            return accepts(port);
          });
      return broker;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  String uri() {
    return "tcp://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
