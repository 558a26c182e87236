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
 * {@code icutwin_twin_ingest_latency_seconds} with quantiles 0.5 and 0.99 computed in the server
 * over a sliding window of about the last minute, and the same times as a histogram,
 * {@code icutwin_twin_ingest_latency_histogram_seconds}, from which quantiles over any window can
 * be computed (Prometheus' {@code histogram_quantile}; the load generator). Micrometer's Prometheus
 * registry drops the computed quantiles of a meter that also has a histogram, hence two meters.
 *
 * <p>It also records {@code icutwin_twin_observation_age_seconds} (histogram): the sample's
 * effective time to the journal write. Arrival is when the server's ingest client received the
 * message, after any queueing in the broker; for a device that sends at once, the age includes
 * that queueing, so under overload the age grows while the arrival latency does not.
 *
 * <p>Items a twin reads back from the inbox after a restart carry their original arrival time,
 * so a recovery shows up as a burst of long latencies.
 */
@Singleton
public class IngestLatencyListener implements TwinListener {

  static final String NAME = "icutwin.twin.ingest.latency";
  static final String HISTOGRAM = "icutwin.twin.ingest.latency.histogram";
  static final String AGE = "icutwin.twin.observation.age";

  private final Timer latency;
  private final Timer histogram;
  private final Timer age;
  private final Clock clock;

  public IngestLatencyListener(MeterRegistry registry, Clock clock) {
    this.clock = clock;
    this.latency = Timer.builder(NAME)
        .description("Observation arrival (MQTT, FHIR, REST) to estimate updated and journaled by its twin")
        .publishPercentiles(0.5, 0.99).distributionStatisticExpiry(Duration.ofMinutes(1))
        .distributionStatisticBufferLength(4).register(registry);
    this.histogram = Timer.builder(HISTOGRAM)
        .description("As icutwin.twin.ingest.latency, as a histogram")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(60))
        .register(registry);
    this.age = Timer.builder(AGE)
        .description("An observation's effective (sample) time to its twin's journal write: how stale the twin is")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(10))
        .register(registry);
  }

  @Override
  public void persisted(String patientId, TwinEvent event, TwinState state) {
    if (event instanceof TwinEvent.ObservationRecorded o && o.receivedTime() != null) {
      java.time.Instant now = clock.instant();
      Duration d = Duration.between(o.receivedTime(), now);
      Duration took = d.isNegative() ? Duration.ZERO : d;
      latency.record(took);
      histogram.record(took);
      if (o.effectiveTime() != null) {
        Duration a = Duration.between(o.effectiveTime(), now);
        age.record(a.isNegative() ? Duration.ZERO : a);
      }
    }
  }
}
