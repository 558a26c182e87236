package org.icutwin.server.demo;

import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import org.icutwin.server.twin.TwinEvent;
import org.icutwin.server.twin.TwinListener;
import org.icutwin.server.twin.TwinState;

/**
 * Closes the demo's loop: when a clinician accepts or modifies a proposal for a demo patient, the
 * simulated pump runs the ordered rate (as a nurse would programme it). Nothing runs without that
 * decision.
 */
@Singleton
@Requires(property = "icutwin.demo.enabled", value = "true")
public class DemoOrders implements TwinListener {

  private DemoScenario scenario;

  synchronized void attach(DemoScenario s) {
    this.scenario = s;
  }

  synchronized List<DemoMessage> advance(Instant now) {
    return scenario == null ? List.of() : scenario.advanceTo(now);
  }

  @Override
  public synchronized void persisted(String patientId, TwinEvent event, TwinState state) {
    if (scenario == null || !(event instanceof TwinEvent.RecommendationDecided d) || d.value() == null
        || d.unit() == null || patientId.equals(DemoScenario.VANCO)) {
      return;
    }
    if (scenario.patients().stream().anyMatch(p -> p.patientId().equals(patientId))) {
      scenario.order(patientId, d.value(), d.unit(), d.recordedAt());
    }
  }
}
