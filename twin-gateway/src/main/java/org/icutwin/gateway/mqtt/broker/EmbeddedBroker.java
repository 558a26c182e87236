package org.icutwin.gateway.mqtt.broker;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The MQTT 5 broker twin-server runs by default when no external broker is configured: HiveMQ
 * Community Edition embedded, one TCP listener, file persistence, logins and topic permissions
 * from {@link BrokerCredentials} (see docs/mqtt.md). Logging is left to the host application.
 */
public final class EmbeddedBroker implements AutoCloseable {

  private static final long START_TIMEOUT_SECONDS = 60;

  private final BrokerSettings settings;
  private final EmbeddedHiveMQ hivemq;
  private final BrokerIntake intake;
  private boolean running;

  private EmbeddedBroker(BrokerSettings settings, EmbeddedHiveMQ hivemq, BrokerIntake intake) {
    this.settings = settings;
    this.hivemq = hivemq;
    this.intake = intake;
  }

  /**
   * Writes the broker's configuration into {@code settings.folder()} and starts it; returns once it
   * listens. Device data is delivered to subscribers (the ingest client) through the broker's queues.
   */
  public static EmbeddedBroker start(BrokerSettings settings, BrokerCredentials credentials) {
    return start(settings, credentials, null);
  }

  /**
   * As {@link #start(BrokerSettings, BrokerCredentials)}, but device data goes to {@code intake}
   * before the broker acknowledges it to the device, and not through the broker's queues.
   */
  public static EmbeddedBroker start(BrokerSettings settings, BrokerCredentials credentials, BrokerIntake intake) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(credentials, "credentials");
    Path conf = settings.folder().resolve("conf");
    Path data = settings.folder().resolve("data");
    Path extensions = settings.folder().resolve("extensions");
    try {
      Files.createDirectories(conf);
      Files.createDirectories(data);
      Files.createDirectories(extensions);
      Files.writeString(conf.resolve("config.xml"), configXml(settings), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the broker folder " + settings.folder(), e);
    }
    EmbeddedExtension access = EmbeddedExtension.builder()
        .withId("icutwin-broker-access")
        .withName("icutwin broker access")
        .withVersion("1")
        .withPriority(1000)
        .withStartPriority(1000)
        .withExtensionMain(new BrokerAccess(credentials, intake))
        .build();
    EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder()
        .withConfigurationFolder(conf)
        .withDataFolder(data)
        .withExtensionsFolder(extensions)
        .withEmbeddedExtension(access)
        .withoutLoggingBootstrap()
        .build();
    EmbeddedBroker broker = new EmbeddedBroker(settings, hivemq, intake);
    try {
      hivemq.start().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      broker.close();
      throw new IllegalStateException("embedded MQTT broker did not start on " + settings.bindAddress() + ":"
          + settings.port() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      broker.close();
      throw new IllegalStateException("interrupted while starting the embedded MQTT broker", e);
    }
    broker.running = true;
    return broker;
  }

  /** The MQTT listener's port. */
  public int port() {
    return settings.port();
  }

  /** The URI clients connect to, e.g. {@code tcp://127.0.0.1:1883}. */
  public String uri() {
    return "tcp://" + settings.bindAddress() + ":" + settings.port();
  }

  public boolean isRunning() {
    return running;
  }

  /** Stops the broker; sessions and queued messages stay in the data folder for the next start. */
  @Override
  public void close() {
    running = false;
    if (intake != null) {
      intake.brokerStopped();
    }
    try {
      hivemq.stop().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      // Closing below releases what is left.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      hivemq.close();
    } catch (ExecutionException e) {
      // Already stopped.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** HiveMQ's config.xml for {@code s}; values are numbers and an address, nothing to escape but the address. */
  static String configXml(BrokerSettings s) {
    String address = s.bindAddress().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    return """
        <?xml version="1.0"?>
        <hivemq>
          <listeners>
            <tcp-listener>
              <port>%d</port>
              <bind-address>%s</bind-address>
            </tcp-listener>
          </listeners>
          <mqtt>
            <queued-messages>
              <max-queue-size>%d</max-queue-size>
              <strategy>discard</strategy>
            </queued-messages>
          </mqtt>
          <persistence>
            <mode>file</mode>
          </persistence>
          <anonymous-usage-statistics>
            <enabled>false</enabled>
          </anonymous-usage-statistics>
        </hivemq>
        """.formatted(s.port(), address, s.maxQueuedMessages());
  }
}
