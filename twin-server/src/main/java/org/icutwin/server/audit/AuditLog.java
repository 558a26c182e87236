package org.icutwin.server.audit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.icutwin.server.db.Db;
import org.icutwin.server.security.Actor;

/**
 * Who did what, when, to which patient: an append-only table. Services record an entry in the
 * same transaction as the change it describes ({@link #record(Connection, Actor, String, String, Map)}),
 * or on its own. Action names are {@code noun.verb-past}, e.g. {@code patient.admitted},
 * {@code device.registered}, {@code device.bound}, {@code device.unbound},
 * {@code patient.discharged}, {@code recommendation.accepted}.
 */
@Singleton
public class AuditLog {

  /** Most entries one query returns. */
  public static final int MAX_LIMIT = 1000;

  private final Db db;
  private final JsonMapper json;
  private final Clock clock;

  public AuditLog(Db db, JsonMapper json, Clock clock) {
    this.db = db;
    this.json = json;
    this.clock = clock;
  }

  /** Records an entry on its own, committed when this returns. */
  public void record(Actor actor, String action, @Nullable String patientId, Map<String, ?> details) {
    db.auto(c -> {
      record(c, actor, action, patientId, details);
      return null;
    });
  }

  /** Records an entry on the caller's connection (inside the caller's transaction). */
  public void record(Connection c, Actor actor, String action, @Nullable String patientId, Map<String, ?> details)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_log"
        + " (occurred_at, actor, roles, action, patient_id, details) VALUES (?, ?, ?, ?, ?, ?)")) {
      ps.setObject(1, Db.utc(clock.instant()));
      ps.setString(2, actor.subject());
      ps.setString(3, String.join(",", actor.roles()));
      ps.setString(4, action);
      ps.setString(5, patientId);
      ps.setString(6, toJson(details));
      ps.executeUpdate();
    }
  }

  /**
   * Entries in time order, optionally for one patient and within [{@code from}, {@code to}).
   *
   * @param limit at most this many (1..{@value #MAX_LIMIT})
   */
  public List<AuditEntry> query(Optional<String> patientId, Optional<Instant> from, Optional<Instant> to, int limit) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be within 1.." + MAX_LIMIT + ", was " + limit);
    }
    StringBuilder sql = new StringBuilder(
        "SELECT audit_id, occurred_at, actor, roles, action, patient_id, details FROM audit_log WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    patientId.ifPresent(p -> {
      sql.append(" AND patient_id = ?");
      args.add(p);
    });
    from.ifPresent(f -> {
      sql.append(" AND occurred_at >= ?");
      args.add(Db.utc(f));
    });
    to.ifPresent(t -> {
      sql.append(" AND occurred_at < ?");
      args.add(Db.utc(t));
    });
    sql.append(" ORDER BY occurred_at, audit_id LIMIT ?");
    args.add(limit);
    return db.auto(c -> {
      try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
        for (int i = 0; i < args.size(); i++) {
          ps.setObject(i + 1, args.get(i));
        }
        List<AuditEntry> entries = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String roles = rs.getString("roles");
            entries.add(new AuditEntry(rs.getLong("audit_id"), Db.instant(rs, "occurred_at"),
                rs.getString("actor"), roles.isEmpty() ? List.of() : Arrays.asList(roles.split(",")),
                rs.getString("action"), rs.getString("patient_id"), fromJson(rs.getString("details"))));
          }
        }
        return entries;
      }
    });
  }

  private String toJson(Map<String, ?> details) {
    try {
      return json.writeValueAsString(details);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write audit details as JSON", e);
    }
  }

  private Map<String, Object> fromJson(String text) {
    try {
      return json.readValue(text, Argument.mapOf(String.class, Object.class));
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable audit details: " + text, e);
    }
  }
}
