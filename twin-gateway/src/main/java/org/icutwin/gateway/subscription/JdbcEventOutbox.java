package org.icutwin.gateway.subscription;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * {@link EventOutbox} over plain JDBC. The number is taken by incrementing the subscription row's
 * counter in the same transaction as the insert: the row lock serialises concurrent enqueuers and
 * a rollback undoes both, so numbers never skip.
 */
public final class JdbcEventOutbox implements EventOutbox {

  private final Jdbc jdbc;

  public JdbcEventOutbox(DataSource dataSource) {
    this.jdbc = new Jdbc(dataSource);
  }

  @Override
  public long enqueue(String subscriptionId, Instant occurred, String focusType, String focusId, String focusJson) {
    return jdbc.inTransaction("enqueue event for " + subscriptionId, c -> {
      try (PreparedStatement bump = Jdbc.prepare(c,
          "UPDATE fhir_subscription SET events_since_start = events_since_start + 1 WHERE id = ?", subscriptionId)) {
        if (bump.executeUpdate() == 0) {
          throw new IllegalArgumentException("no subscription " + subscriptionId);
        }
      }
      long number;
      try (PreparedStatement read = Jdbc.prepare(c,
          "SELECT events_since_start FROM fhir_subscription WHERE id = ?", subscriptionId);
          ResultSet rs = read.executeQuery()) {
        rs.next();
        number = rs.getLong(1);
      }
      try (PreparedStatement insert = Jdbc.prepare(c, "INSERT INTO fhir_subscription_event (subscription_id, "
          + "event_number, occurred_ms, focus_type, focus_id, focus_json) VALUES (?, ?, ?, ?, ?, ?)",
          subscriptionId, number, occurred, focusType, focusId, focusJson)) {
        insert.executeUpdate();
      }
      return number;
    });
  }

  @Override
  public List<SubscriptionEvent> after(String subscriptionId, long afterNumber, int limit) {
    return select("SELECT * FROM fhir_subscription_event WHERE subscription_id = ? AND event_number > ? "
        + "ORDER BY event_number", limit, subscriptionId, afterNumber);
  }

  @Override
  public List<SubscriptionEvent> range(String subscriptionId, long from, long to) {
    return select("SELECT * FROM fhir_subscription_event WHERE subscription_id = ? AND event_number >= ? "
        + "AND event_number <= ? ORDER BY event_number", Integer.MAX_VALUE, subscriptionId, from, to);
  }

  private List<SubscriptionEvent> select(String sql, int limit, Object... args) {
    return jdbc.inTransaction("read events", c -> {
      try (PreparedStatement ps = Jdbc.prepare(c, sql, args)) {
        ps.setMaxRows(limit == Integer.MAX_VALUE ? 0 : limit);
        try (ResultSet rs = ps.executeQuery()) {
          List<SubscriptionEvent> out = new ArrayList<>();
          while (rs.next()) {
            out.add(new SubscriptionEvent(rs.getString("subscription_id"), rs.getLong("event_number"),
                Instant.ofEpochMilli(rs.getLong("occurred_ms")), rs.getString("focus_type"), rs.getString("focus_id"),
                rs.getString("focus_json")));
          }
          return out;
        }
      }
    });
  }
}
