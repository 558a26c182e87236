package org.icutwin.server.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.icutwin.gateway.ingest.Source;
import org.icutwin.server.metrics.IcutwinMetrics;
import org.junit.jupiter.api.Test;

/** The MQTT ingest's metrics port lands on the meters docs/mqtt.md names. */
class MicrometerIngestMetricsTest {

  @Test
  void batchSizesAckLatencyAndCountsAreRecorded() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    MicrometerIngestMetrics m = new MicrometerIngestMetrics(new IcutwinMetrics(registry), registry);
    m.batchHandled(5);
    m.batchHandled(3);
    m.batchHandled(1);
    m.acknowledged(Duration.ofMillis(12));
    m.accepted(Source.MQTT, "glucose");
    m.duplicate(Source.MQTT);
    DistributionSummary batch = registry.get("icutwin.mqtt.ingest.batch.size").summary();
    assertThat(batch.count()).isEqualTo(3);
    assertThat(batch.totalAmount()).isEqualTo(9.0);
    assertThat(batch.max()).isEqualTo(5.0);
    assertThat(registry.get("icutwin.mqtt.ack.latency").timer().count()).isEqualTo(1);
    assertThat(registry.get("icutwin.ingest.accepted").tag("source", "mqtt").counter().count()).isEqualTo(1.0);
    assertThat(registry.get("icutwin.ingest.duplicates").counter().count()).isEqualTo(1.0);
  }
}
