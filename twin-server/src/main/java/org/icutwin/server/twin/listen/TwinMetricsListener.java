package org.icutwin.server.twin.listen;

import jakarta.inject.Singleton;
import org.icutwin.gateway.ingest.Source;
import org.icutwin.server.metrics.IcutwinMetrics;
import org.icutwin.server.metrics.RecommendationOutcome;
import org.icutwin.server.twin.TwinEvent;
import org.icutwin.server.twin.TwinListener;
import org.icutwin.server.twin.TwinState;

/**
 * Counts what twins journal: observations ingested by source, recommendations issued, accepted,
 * modified, rejected and expired. In-memory counters only, so it runs on the actor's thread.
 */
@Singleton
public class TwinMetricsListener implements TwinListener {

  private final IcutwinMetrics metrics;

  public TwinMetricsListener(IcutwinMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void persisted(String patientId, TwinEvent event, TwinState state) {
    if (event instanceof TwinEvent.ObservationRecorded o) {
      metrics.observationIngested(Source.valueOf(o.source()));
    } else if (event instanceof TwinEvent.RecommendationIssued) {
      metrics.recommendation(RecommendationOutcome.ISSUED);
    } else if (event instanceof TwinEvent.RecommendationDecided d) {
      metrics.recommendation(switch (d.decision()) {
        case "ACCEPT" -> RecommendationOutcome.ACCEPTED;
        case "MODIFY" -> RecommendationOutcome.MODIFIED;
        default -> RecommendationOutcome.REJECTED;
      });
    } else if (event instanceof TwinEvent.RecommendationExpired) {
      metrics.recommendation(RecommendationOutcome.EXPIRED);
    }
  }
}
