package org.icutwin.server.mqtt;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.icutwin.gateway.fhir.FhirIngestReader;
import org.icutwin.gateway.fhir.FhirR4;
import org.icutwin.gateway.ingest.CodeTable;
import org.icutwin.gateway.ingest.IngestStore;
import org.icutwin.gateway.ingest.Normaliser;
import org.icutwin.gateway.mqtt.MqttIngestSettings;
import org.icutwin.gateway.mqtt.MqttIngestor;
import org.icutwin.gateway.mqtt.broker.BrokerIntake;
import org.icutwin.gateway.mqtt.broker.BrokerSettings;
import org.icutwin.gateway.mqtt.broker.EmbeddedBroker;
import org.icutwin.server.config.IcutwinSettings;
import org.icutwin.server.config.MqttSettings;
import org.icutwin.server.db.JdbcDeadLetterStore;
import org.icutwin.server.device.DeviceRegistry;
import org.icutwin.server.metrics.IcutwinMetrics;
import org.icutwin.server.security.SecretFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's MQTT side for the life of the application: the embedded broker (unless an external
 * broker URL is configured or it is turned off) and the ingest client, which records each message
 * through the delivering ingest store before acknowledging it. Stopped client first, then broker.
 */
@Context
public class MqttRuntime {

  private static final Logger LOG = LoggerFactory.getLogger(MqttRuntime.class);
  static final String SECRET_FILE = "mqtt-ingest-secret";

  private final EmbeddedBroker broker;
  private final MqttIngestor ingestor;
  private final String uri;

  public MqttRuntime(MqttSettings mqtt, MqttBrokerSettings settings, IcutwinSettings icutwin, DeviceRegistry devices,
      Normaliser normaliser, @Named("delivering") IngestStore store, JdbcDeadLetterStore deadLetters,
      IcutwinMetrics metrics, MeterRegistry registry, Clock clock,
      @Value("${icutwin.mqtt.password:}") String externalPassword, @Value("${icutwin.cluster.name:icutwin}") String node,
      @Value("${icutwin.mqtt.ingest-shared:}") String sharedSubscription,
      @Value("${icutwin.mqtt.ingest-receive-maximum:" + MqttIngestSettings.DEFAULT_RECEIVE_MAXIMUM + "}")
      int receiveMaximum,
      @Value("${icutwin.mqtt.ingest-batch-size:" + MqttIngestSettings.DEFAULT_BATCH_SIZE + "}") int batchSize) {
    Optional<java.net.URI> external = mqtt.externalBroker();
    if (external.isEmpty() && !settings.embedded()) {
      LOG.info("MQTT ingestion is off (no external broker configured, embedded broker disabled)");
      this.broker = null;
      this.ingestor = null;
      this.uri = null;
      return;
    }
    String password;
    BrokerIntake intake = null;
    if (external.isPresent()) {
      this.broker = null;
      this.uri = external.get().toString();
      password = externalPassword.isBlank() ? null : externalPassword;
    } else {
      password = ingestSecret(icutwin.dataDir());
      // Direct intake: a device's PUBACK follows the server's commit, so an acknowledged message
      // never rests only in the broker's store, which a crash of this process may leave unreadable
      // (KillDuringIngestionTest, docs/mqtt.md).
      intake = settings.directIntake() ? new BrokerIntake(settings.intakeTimeout()) : null;
      this.broker = EmbeddedBroker.start(BrokerSettings.loopback(settings.port(), icutwin.dataDir().resolve("mqtt")),
          new RegistryBrokerCredentials(settings.ingestUser(), password, devices), intake);
      this.uri = broker.uri();
      LOG.info("embedded MQTT broker (HiveMQ CE) on {}, {} intake", uri, settings.intake());
    }
    // Group commit: a lane commits every message waiting for it (up to batchSize) in one
    // transaction; the receive maximum must leave room for batches to form (docs/mqtt.md).
    MqttIngestSettings ingest = MqttIngestSettings.of(uri, "icutwin-ingest-" + node)
        .withFlow(receiveMaximum, batchSize);
    // The embedded broker serves one node, so a shared subscription buys nothing there, and HiveMQ CE
    // was measured to lose the messages in flight to a shared subscriber when the process is killed
    // (KillDuringIngestionTest, docs/performance.md): plain subscription unless configured otherwise.
    boolean shared = sharedSubscription.isBlank() ? external.isPresent() : Boolean.parseBoolean(sharedSubscription);
    if (!shared) {
      ingest = ingest.withSharedGroup(Optional.empty());
    }
    if (password != null) {
      ingest = ingest.withCredentials(settings.ingestUser(), password);
    }
    FhirIngestReader fhir = new FhirIngestReader(FhirR4.context(), CodeTable.standard());
    MicrometerIngestMetrics ingestMetrics = new MicrometerIngestMetrics(metrics, registry);
    this.ingestor = intake != null
        ? MqttIngestor.create(ingest, intake, normaliser, fhir, store, deadLetters, ingestMetrics, clock)
        : MqttIngestor.create(ingest, normaliser, fhir, store, deadLetters, ingestMetrics, clock);
    ingestor.start();
  }

  /** Whether MQTT ingestion is configured at all. */
  public boolean enabled() {
    return ingestor != null;
  }

  /** Whether the ingest client is connected and subscribed (messages published now are received). */
  public boolean ingestReady() {
    return ingestor != null && ingestor.isConnected();
  }

  /** The broker's URI devices connect to, when MQTT is on. */
  public Optional<String> brokerUri() {
    return Optional.ofNullable(uri);
  }

  @PreDestroy
  public void close() {
    if (ingestor != null) {
      ingestor.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  /** The ingest client's broker password: generated once into the data directory (owner-only). */
  static String ingestSecret(Path dataDir) {
    return SecretFile.readOrCreate(dataDir.resolve(SECRET_FILE), 24);
  }
}
