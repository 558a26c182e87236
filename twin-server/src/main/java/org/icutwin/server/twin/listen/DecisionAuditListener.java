package org.icutwin.server.twin.listen;

import jakarta.inject.Singleton;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.icutwin.server.audit.AuditLog;
import org.icutwin.server.security.Actor;
import org.icutwin.server.twin.TwinEvent;
import org.icutwin.server.twin.TwinListener;
import org.icutwin.server.twin.TwinState;

/**
 * Appends every clinician decision on a recommendation to the audit log
 * ({@code recommendation.accepted}, {@code recommendation.modified}, {@code recommendation.rejected})
 * with the proposal, the order, the dose and the reason; every acknowledged alert
 * ({@code alert.acknowledged}, with the alert's code and the note); and every correction or
 * withdrawal a sender made of a result or a dose ({@code observation.corrected},
 * {@code observation.withdrawn}, {@code dose.withdrawn}, the sender as actor, with what the twin did). The write is handed to the
 * {@link ListenerExecutor}: the decision is already in the twin's journal, the audit entry follows.
 */
@Singleton
public class DecisionAuditListener implements TwinListener {

  private final AuditLog audit;
  private final ListenerExecutor executor;

  public DecisionAuditListener(AuditLog audit, ListenerExecutor executor) {
    this.audit = audit;
    this.executor = executor;
  }

  @Override
  public void persisted(String patientId, TwinEvent event, TwinState state) {
    if (event instanceof TwinEvent.AlertAcknowledged k) {
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("alertId", k.alertId());
      state.alert(k.alertId()).ifPresent(a -> details.put("code", a.code()));
      putIfPresent(details, "note", k.note());
      Actor actor = new Actor(k.actor(), roles(k.role()));
      executor.submit("audit of alert.acknowledged " + k.alertId(),
          () -> audit.record(actor, "alert.acknowledged", patientId, details));
      return;
    }
    if (event instanceof TwinEvent.ObservationRecorded o && o.isRevision()) {
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("messageId", o.messageId());
      details.put("revises", o.revises());
      details.put("quantity", o.quantity());
      if (!o.isWithdrawal()) {
        details.put("value", o.value());
        details.put("unit", o.unit());
      }
      details.put("applied", o.applied());
      putIfPresent(details, "reason", o.reason());
      String action = o.isWithdrawal() ? "observation.withdrawn" : "observation.corrected";
      executor.submit("audit of " + action + " " + o.messageId(),
          () -> audit.record(new Actor(o.actor(), List.of()), action, patientId, details));
      return;
    }
    if (event instanceof TwinEvent.DoseAdministered w && w.isWithdrawal()) {
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("messageId", w.messageId());
      details.put("revises", w.revises());
      details.put("drug", w.drug());
      details.put("applied", w.applied());
      putIfPresent(details, "reason", w.reason());
      executor.submit("audit of dose.withdrawn " + w.messageId(),
          () -> audit.record(new Actor(w.actor(), List.of()), "dose.withdrawn", patientId, details));
      return;
    }
    if (!(event instanceof TwinEvent.RecommendationDecided d)) {
      return;
    }
    String action = "recommendation." + switch (d.decision()) {
      case "ACCEPT" -> "accepted";
      case "MODIFY" -> "modified";
      default -> "rejected";
    };
    List<String> roles = roles(d.role());
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("proposalId", d.proposalId());
    putIfPresent(details, "orderId", d.orderId());
    putIfPresent(details, "value", d.value());
    putIfPresent(details, "unit", d.unit());
    putIfPresent(details, "reason", d.reason());
    details.put("softLimitOverride", d.softLimitOverride());
    Actor actor = new Actor(d.actor(), roles);
    executor.submit("audit of " + action + " " + d.proposalId(),
        () -> audit.record(actor, action, patientId, details));
  }

  private static List<String> roles(String role) {
    return role == null || role.isBlank() ? List.of()
        : Arrays.stream(role.split(",")).map(String::strip).map(r -> r.toUpperCase(Locale.ROOT)).toList();
  }

  private static void putIfPresent(Map<String, Object> m, String key, Object value) {
    if (value != null && !(value instanceof String s && s.isBlank())) {
      m.put(key, value);
    }
  }
}
