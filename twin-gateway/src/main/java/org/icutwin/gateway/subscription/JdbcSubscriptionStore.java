package org.icutwin.gateway.subscription;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * {@link SubscriptionStore} over plain JDBC; schema {@code db/gateway/V100__fhir_subscriptions.sql}
 * (H2 2.3 and PostgreSQL 15).
 */
public final class JdbcSubscriptionStore implements SubscriptionStore {

  private static final String COLUMNS = "id, resource_json, status, error_text, events_since_start, last_delivered, "
      + "attempts, failing_since_ms, next_attempt_ms, last_sent_ms";

  private final Jdbc jdbc;

  public JdbcSubscriptionStore(DataSource dataSource) {
    this.jdbc = new Jdbc(dataSource);
  }

  @Override
  public void create(String id, String resourceJson, Instant now) {
    jdbc.update("create subscription " + id, "INSERT INTO fhir_subscription (id, resource_json, status, "
        + "events_since_start, last_delivered, attempts, next_attempt_ms, created_ms) VALUES (?, ?, ?, 0, 0, 0, ?, ?)",
        id, resourceJson, SubscriptionStatus.REQUESTED.name(), now, now);
  }

  @Override
  public Optional<SubscriptionState> find(String id) {
    List<SubscriptionState> found = query("SELECT " + COLUMNS + " FROM fhir_subscription WHERE id = ?", id);
    return found.stream().findFirst();
  }

  @Override
  public List<SubscriptionState> all() {
    return query("SELECT " + COLUMNS + " FROM fhir_subscription ORDER BY created_ms, id");
  }

  @Override
  public boolean delete(String id) {
    return jdbc.inTransaction("delete subscription " + id, c -> {
      try (PreparedStatement events = Jdbc.prepare(c, "DELETE FROM fhir_subscription_event WHERE subscription_id = ?",
          id); PreparedStatement sub = Jdbc.prepare(c, "DELETE FROM fhir_subscription WHERE id = ?", id)) {
        events.executeUpdate();
        return sub.executeUpdate() > 0;
      }
    });
  }

  @Override
  public void recordSuccess(String id, long deliveredUpTo, Instant now) {
    jdbc.update("record success " + id, "UPDATE fhir_subscription SET last_delivered = CASE WHEN last_delivered > ? "
        + "THEN last_delivered ELSE ? END, attempts = 0, failing_since_ms = NULL, error_text = NULL, "
        + "next_attempt_ms = ?, last_sent_ms = ?, status = CASE WHEN status = ? THEN ? ELSE status END WHERE id = ?",
        deliveredUpTo, deliveredUpTo, now, now, SubscriptionStatus.REQUESTED.name(), SubscriptionStatus.ACTIVE.name(),
        id);
  }

  @Override
  public void recordFailure(String id, int attempts, Instant failingSince, Instant nextAttempt, String lastError) {
    java.util.Objects.requireNonNull(lastError, "lastError");
    jdbc.update("record failure " + id, "UPDATE fhir_subscription SET attempts = ?, failing_since_ms = ?, "
        + "next_attempt_ms = ?, error_text = ? WHERE id = ?", attempts, failingSince, nextAttempt, lastError, id);
  }

  @Override
  public void setStatus(String id, SubscriptionStatus status, String error) {
    jdbc.inTransaction("set status " + id, c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE fhir_subscription SET status = ?, error_text = ? WHERE id = ?")) {
        ps.setString(1, status.name());
        if (error == null) {
          ps.setNull(2, Types.VARCHAR);
        } else {
          ps.setString(2, error);
        }
        ps.setString(3, id);
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public void reactivate(String id, Instant now) {
    jdbc.update("reactivate " + id, "UPDATE fhir_subscription SET status = ?, error_text = NULL, attempts = 0, "
        + "failing_since_ms = NULL, next_attempt_ms = ? WHERE id = ?", SubscriptionStatus.REQUESTED.name(), now, id);
  }

  private List<SubscriptionState> query(String sql, Object... args) {
    return jdbc.inTransaction("read subscriptions", c -> {
      try (PreparedStatement ps = Jdbc.prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
        List<SubscriptionState> out = new ArrayList<>();
        while (rs.next()) {
          out.add(row(rs));
        }
        return out;
      }
    });
  }

  private static SubscriptionState row(ResultSet rs) throws SQLException {
    return new SubscriptionState(rs.getString("id"), rs.getString("resource_json"),
        SubscriptionStatus.valueOf(rs.getString("status")), rs.getString("error_text"),
        rs.getLong("events_since_start"), rs.getLong("last_delivered"), rs.getInt("attempts"),
        Jdbc.instant(rs, "failing_since_ms"), Jdbc.instant(rs, "next_attempt_ms"), Jdbc.instant(rs, "last_sent_ms"));
  }
}
