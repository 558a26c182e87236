package org.icutwin.server.twin;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.icutwin.core.druglib.DrugLibrary;
import org.icutwin.gateway.ingest.CodeTable;
import org.icutwin.gateway.ingest.DrugUnits;
import org.icutwin.gateway.ingest.IngestStore;
import org.icutwin.gateway.ingest.Normaliser;
import org.icutwin.server.cluster.PekkoRuntime;
import org.icutwin.server.db.JdbcIngestStore;
import org.icutwin.server.device.JdbcDeviceDirectory;
import org.icutwin.server.patient.CachedPatientDirectory;

/** Wires the twins: drug library, the edge's normaliser, the twin service and the delivering ingest store. */
@Factory
class TwinFactory {

  /**
   * The drug library: {@code icutwin.drug-library} if set, else {@code config/drug-library.json}
   * in the working directory, else the copy packaged with the server.
   */
  @Singleton
  DrugLibrary drugLibrary(@Value("${icutwin.drug-library:}") String configured) {
    if (!configured.isBlank()) {
      return DrugLibrary.load(Path.of(configured));
    }
    Path local = Path.of("config", "drug-library.json");
    if (Files.isRegularFile(local)) {
      return DrugLibrary.load(local);
    }
    try (InputStream in = TwinFactory.class.getResourceAsStream("/drug-library.json")) {
      if (in == null) {
        throw new IllegalStateException("no drug library: set icutwin.drug-library to its path");
      }
      Path tmp = Files.createTempFile("icutwin-drug-library", ".json");
      tmp.toFile().deleteOnExit();
      Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
      return DrugLibrary.load(tmp);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Singleton
  Normaliser normaliser(DrugLibrary library, JdbcDeviceDirectory devices, CachedPatientDirectory patients,
      Clock clock) {
    return new Normaliser(CodeTable.standard(), new DrugUnits(library), devices, patients, clock,
        Normaliser.DEFAULT_MAX_FUTURE_SKEW);
  }

  @Singleton
  @Named("twin-blocking")
  ExecutorService blocking() {
    return Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "twin-blocking");
      t.setDaemon(true);
      return t;
    });
  }

  @Singleton
  TwinService twinService(PekkoRuntime pekko, DrugLibrary library, java.util.List<TwinListener> listeners,
      JdbcIngestStore inbox,
      @Named("twin-blocking") ExecutorService blocking, Clock clock, org.icutwin.server.metrics.IcutwinMetrics metrics,
      org.icutwin.server.config.TwinSettings settings) {
    IngestLog log = inbox::receivedSince;
    // Every listener bean hears every persisted event; one failing listener does not stop the others.
    TwinListener listener = (patientId, event, state) -> {
      for (TwinListener l : listeners) {
        try {
          l.persisted(patientId, event, state);
        } catch (RuntimeException e) {
          org.slf4j.LoggerFactory.getLogger(TwinFactory.class).warn("twin listener {} failed on {}", l, event, e);
        }
      }
    };
    return new TwinService(pekko.system(), new TwinEntity.Deps(library, listener, log, blocking, clock,
        new TwinPolicy(true), new TwinEntity.Timings() {
          @Override
          public void estimatorUpdated(Duration took) {
            metrics.estimatorUpdated(took);
          }

          @Override
          public void proposalComputed(Duration took) {
            metrics.mpcSolved(took);
          }

          @Override
          public void recovered(Duration took, boolean fromSnapshot) {
            metrics.twinRecovered(took, fromSnapshot);
          }

          @Override
          public void started(String patientId) {
            metrics.twinStarted();
          }

          @Override
          public void stopped(String patientId) {
            metrics.twinStopped(patientId);
          }

          @Override
          public void queued(String patientId) {
            metrics.ingestQueued(patientId);
          }

          @Override
          public void handled(String patientId) {
            metrics.ingestHandled(patientId);
          }

          @Override
          public void failed(String patientId) {
            metrics.twinFailed();
          }

          @Override
          public void swept(String patientId, int items) {
            metrics.twinSwept(items);
          }
        }, settings));
  }

  /** The store the edge (MQTT, FHIR, manual doses) records into: the inbox, then the patient's twin. */
  @Singleton
  @Named("delivering")
  IngestStore deliveringStore(JdbcIngestStore inbox, TwinService twins) {
    return new DeliveringIngestStore(inbox, twins);
  }

  @Singleton
  ManualDoses manualDoses(Normaliser normaliser, @Named("delivering") IngestStore store) {
    return new ManualDoses(normaliser, store);
  }
}
