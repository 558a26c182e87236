package org.icutwin.server.twin.listen;

import io.micronaut.context.annotation.Primary;
import jakarta.inject.Singleton;
import java.util.List;
import org.icutwin.server.fhir.FhirPublisher;
import org.icutwin.server.twin.TwinEvent;
import org.icutwin.server.twin.TwinListener;
import org.icutwin.server.twin.TwinState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listener the twins are given: metrics, the audit of decisions and FHIR publishing, in that
 * order. Each part is isolated: one that throws is logged and the others still run, and nothing
 * reaches the actor.
 */
@Singleton
@Primary
public class CompositeTwinListener implements TwinListener {

  private static final Logger LOG = LoggerFactory.getLogger(CompositeTwinListener.class);

  private final List<TwinListener> parts;

  public CompositeTwinListener(TwinMetricsListener metrics, DecisionAuditListener audit, FhirPublisher fhir) {
    this.parts = List.of(metrics, audit, fhir);
  }

  @Override
  public void persisted(String patientId, TwinEvent event, TwinState state) {
    for (TwinListener part : parts) {
      try {
        part.persisted(patientId, event, state);
      } catch (RuntimeException e) {
        LOG.warn("twin listener {} failed on {} of patient {}", part.getClass().getSimpleName(),
            event.getClass().getSimpleName(), patientId, e);
      }
    }
  }
}
