package org.icutwin.server.mqtt;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.util.Map;
import org.reactivestreams.Publisher;

/** Readiness: when MQTT ingestion is on, the ingest client must be connected and subscribed. */
@Singleton
@Readiness
class MqttHealthIndicator implements HealthIndicator {

  private final MqttRuntime mqtt;

  MqttHealthIndicator(MqttRuntime mqtt) {
    this.mqtt = mqtt;
  }

  @Override
  public Publisher<HealthResult> getResult() {
    HealthStatus status = !mqtt.enabled() || mqtt.ingestReady() ? HealthStatus.UP : HealthStatus.DOWN;
    return Publishers.just(HealthResult.builder("mqttIngest", status)
        .details(Map.of("enabled", mqtt.enabled(), "subscribed", mqtt.ingestReady(),
            "broker", mqtt.brokerUri().orElse("none")))
        .build());
  }
}
