package org.icutwin.server.mqtt;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.icutwin.gateway.ingest.RejectReason;
import org.icutwin.gateway.ingest.Source;
import org.icutwin.gateway.mqtt.IngestMetrics;
import org.icutwin.server.metrics.IcutwinMetrics;

/** The MQTT ingest's metrics port on Micrometer (names in docs/mqtt.md). */
final class MicrometerIngestMetrics implements IngestMetrics {

  private final IcutwinMetrics metrics;
  private final MeterRegistry registry;
  private final Timer ack;
  private final DistributionSummary batch;

  MicrometerIngestMetrics(IcutwinMetrics metrics, MeterRegistry registry) {
    this.metrics = metrics;
    this.registry = registry;
    this.ack = Timer.builder("icutwin.mqtt.ack.latency").description("MQTT arrival to PUBACK")
        .publishPercentiles(0.5, 0.99).register(registry);
    this.batch = DistributionSummary.builder("icutwin.mqtt.ingest.batch.size")
        .description("MQTT messages handled in one lane batch (one store commit, then their PUBACKs)")
        .baseUnit("messages").publishPercentiles(0.5, 0.99).register(registry);
  }

  /**
   * Counted apart from {@code icutwin.observations.ingested}, which the twins count when they
   * journal an observation: counting there too counted every MQTT observation twice.
   */
  @Override
  public void accepted(Source source, String quantity) {
    registry.counter("icutwin.ingest.accepted", "source", source.name().toLowerCase(java.util.Locale.ROOT))
        .increment();
  }

  @Override
  public void duplicate(Source source) {
    registry.counter("icutwin.ingest.duplicates", "source", source.name()).increment();
  }

  @Override
  public void rejected(Source source, RejectReason reason) {
    metrics.observationRejected(source, reason);
  }

  @Override
  public void storeFailed(Source source) {
    registry.counter("icutwin.ingest.store.failures", "source", source.name()).increment();
  }

  @Override
  public void acknowledged(Duration latency) {
    ack.record(latency);
  }

  @Override
  public void batchHandled(int messages) {
    batch.record(messages);
  }

  @Override
  public void errorReportNotPublished() {
    registry.counter("icutwin.mqtt.error.reports.dropped").increment();
  }
}
