package org.icutwin.server.live;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.icutwin.server.twin.TwinEvent;
import org.icutwin.server.twin.TwinListener;
import org.icutwin.server.twin.TwinState;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Turns journaled twin events into {@link LiveEvent}s for the dashboards' event streams. Runs on
 * the twin actors' threads, so it only builds a small record and hands it to a multicast sink that
 * never blocks: a subscriber that does not keep up loses events (it re-reads the API on the next
 * one) rather than holding a twin back. Measurements arrive every second per patient; at most one
 * {@code observation} event per patient per {@link #OBSERVATION_GAP_MS} is passed on.
 */
@Singleton
public class LiveUpdates implements TwinListener {

  static final long OBSERVATION_GAP_MS = 1_000;

  private final Sinks.Many<LiveEvent> sink = Sinks.many().multicast().directBestEffort();
  private final Map<String, Long> lastObservation = new ConcurrentHashMap<>();

  /** Every live event from now on, for all patients. */
  public Flux<LiveEvent> events() {
    return sink.asFlux();
  }

  @Override
  public void persisted(String patientId, TwinEvent event, TwinState state) {
    LiveEvent e = toLive(patientId, event, state);
    if (e == null) {
      return;
    }
    if (e.type().equals("observation")) {
      long now = System.currentTimeMillis();
      Long last = lastObservation.get(patientId);
      if (last != null && now - last < OBSERVATION_GAP_MS) {
        return;
      }
      lastObservation.put(patientId, now);
    }
    // Concurrent emissions from several twin actors: retry briefly on contention, never block.
    sink.emitNext(e, (signal, result) -> result == Sinks.EmitResult.FAIL_NON_SERIALIZED);
  }

  static LiveEvent toLive(String patientId, TwinEvent event, TwinState state) {
    java.time.Instant dt = state.admitted() ? state.dataTime() : null;
    if (event instanceof TwinEvent.ObservationRecorded o) {
      return new LiveEvent("observation", patientId, o.recordedAt(), dt, o.messageId(),
          o.quantity() + " " + fmt(o.value()) + " " + o.unit() + (o.applied() ? "" : " (refused: " + o.reason() + ")"));
    }
    if (event instanceof TwinEvent.DoseAdministered d) {
      return new LiveEvent("dose", patientId, d.recordedAt(), dt, d.messageId(),
          d.drug() + " " + fmt(d.amount()) + " " + d.unit() + (d.bolus() ? " bolus" : ""));
    }
    if (event instanceof TwinEvent.RecommendationIssued r) {
      String what = r.proposal().proposed().map(q -> fmt(q.value()) + " " + q.unit()).orElse("no dose");
      return new LiveEvent("proposal", patientId, r.recordedAt(), dt, r.proposalId(),
          r.proposal().drug() + " " + what + " (" + r.proposal().decision().toLowerCase(Locale.ROOT) + ")");
    }
    if (event instanceof TwinEvent.RecommendationDecided d) {
      return new LiveEvent("decision", patientId, d.recordedAt(), dt, d.proposalId(),
          d.decision().toLowerCase(Locale.ROOT) + " by " + d.actor());
    }
    if (event instanceof TwinEvent.RecommendationExpired x) {
      return new LiveEvent("expired", patientId, x.recordedAt(), dt, x.proposalId(), "proposal expired");
    }
    if (event instanceof TwinEvent.AlertRaised a) {
      return new LiveEvent("alert", patientId, a.recordedAt(), dt, a.alertId(), a.severity() + " " + a.code());
    }
    if (event instanceof TwinEvent.AlertAcknowledged k) {
      return new LiveEvent("alert-acknowledged", patientId, k.recordedAt(), dt, k.alertId(), "acknowledged by "
          + k.actor());
    }
    if (event instanceof TwinEvent.Admitted a) {
      return new LiveEvent("admitted", patientId, a.recordedAt(), dt, null, a.kind() + " bed " + a.bed());
    }
    if (event instanceof TwinEvent.Discharged d) {
      return new LiveEvent("discharged", patientId, d.recordedAt(), dt, null, "discharged");
    }
    if (event instanceof TwinEvent.DeviceBound b) {
      return new LiveEvent("devices", patientId, b.recordedAt(), dt, b.deviceId(), "bound " + b.deviceId());
    }
    if (event instanceof TwinEvent.DeviceUnbound u) {
      return new LiveEvent("devices", patientId, u.recordedAt(), dt, u.deviceId(), "unbound " + u.deviceId());
    }
    return null;
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.0f" : Math.abs(v) >= 10 ? "%.1f" : "%.3g", v);
  }

  @PreDestroy
  void close() {
    sink.tryEmitComplete();
  }
}
