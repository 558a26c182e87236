package org.icutwin.server.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import org.icutwin.server.twin.TwinEvent;
import org.icutwin.server.twin.TwinListener;
import org.icutwin.server.twin.TwinState;

/**
 * Times each observation from its arrival at the edge (the ingest client's receipt, the record's
 * {@code receivedTime}) to the moment its twin has updated the estimate and journaled it
 * ({@link TwinListener#persisted} runs after the journal write). Prometheus:
 * {@code icutwin_twin_ingest_latency_seconds} with quantiles 0.5 and 0.99 (over Micrometer's
 * sliding window, about the last two minutes) and a histogram for windowed quantiles.
 *
 * <p>Items a twin reads back from the inbox after a restart carry their original arrival time,
 * so a recovery shows up as a burst of long latencies.
 */
@Singleton
public class IngestLatencyListener implements TwinListener {

  static final String NAME = "icutwin.twin.ingest.latency";

  private final Timer latency;
  private final Clock clock;

  public IngestLatencyListener(MeterRegistry registry, Clock clock) {
    this.clock = clock;
    this.latency = Timer.builder(NAME)
        .description("Observation arrival (MQTT, FHIR, REST) to estimate updated and journaled by its twin")
        .publishPercentiles(0.5, 0.99).publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(60))
        .register(registry);
  }

  @Override
  public void persisted(String patientId, TwinEvent event, TwinState state) {
    if (event instanceof TwinEvent.ObservationRecorded o && o.receivedTime() != null) {
      Duration d = Duration.between(o.receivedTime(), clock.instant());
      latency.record(d.isNegative() ? Duration.ZERO : d);
    }
  }
}
