package org.icutwin.server.db;

import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.icutwin.gateway.ingest.IngestItem;
import org.icutwin.gateway.ingest.IngestStore;

/**
 * The ingest inbox in the database: an item is durable when {@link #record} returns (one
 * auto-committed insert) and a list of items when {@link #recordAll} returns (one transaction for
 * the whole list: group commit); the unique message id turns a redelivery into
 * {@link Outcome#DUPLICATE}, and another item under a recorded id into {@link Outcome#CONFLICT}.
 */
@Singleton
public class JdbcIngestStore implements IngestStore, IngestInbox {

  private final Db db;

  public JdbcIngestStore(Db db) {
    this.db = db;
  }

  private static final String INSERT = "INSERT INTO ingest_inbox"
      + " (message_id, patient_id, item_kind, source, payload, effective_time, received_time)"
      + " VALUES (?, ?, ?, ?, ?, ?, ?)";

  @Override
  public Outcome record(IngestItem item) {
    return db.auto(c -> {
      try (PreparedStatement ps = c.prepareStatement(INSERT)) {
        bind(ps, item);
        ps.executeUpdate();
        return Outcome.RECORDED;
      } catch (SQLException e) {
        if (Db.isUniqueViolation(e)) {
          return Outcome.against(item, stored(c, item.messageId()));
        }
        throw e;
      }
    });
  }

  /**
   * One transaction for the whole list: the ids already in the inbox (or repeated in the list) are
   * duplicates, the rest are inserted as one JDBC batch and committed together. When another writer
   * inserts one of the ids between the check and the commit, the transaction is rolled back and the
   * list is recorded item by item instead (same outcomes, only slower).
   */
  @Override
  public List<Outcome> recordAll(List<IngestItem> items) {
    if (items.isEmpty()) {
      return List.of();
    }
    if (items.size() == 1) {
      return List.of(record(items.get(0)));
    }
    List<Outcome> outcomes;
    try {
      outcomes = db.transaction(c -> insertNew(c, items));
    } catch (StoreException e) {
      if (!(e.getCause() instanceof SQLException s) || !Db.isUniqueViolation(s)) {
        throw e;
      }
      outcomes = new ArrayList<>(items.size());
      for (IngestItem item : items) {
        outcomes.add(record(item));
      }
    }
    return outcomes;
  }

  @Override
  public Optional<IngestItem> find(String messageId) {
    return Optional.ofNullable(db.auto(c -> stored(c, messageId)));
  }

  private static List<Outcome> insertNew(Connection c, List<IngestItem> items) throws SQLException {
    Map<String, IngestItem> seen = existing(c, items);
    List<Outcome> outcomes = new ArrayList<>(items.size());
    try (PreparedStatement ps = c.prepareStatement(INSERT)) {
      int batched = 0;
      for (IngestItem item : items) {
        IngestItem first = seen.putIfAbsent(item.messageId(), item);
        if (first != null) {
          outcomes.add(Outcome.against(item, first));
          continue;
        }
        bind(ps, item);
        ps.addBatch();
        batched++;
        outcomes.add(Outcome.RECORDED);
      }
      if (batched > 0) {
        ps.executeBatch();
      }
    }
    return outcomes;
  }

  /** The items in the inbox already under the ids of {@code items}, by id. */
  private static Map<String, IngestItem> existing(Connection c, List<IngestItem> items) throws SQLException {
    String marks = String.join(",", Collections.nCopies(items.size(), "?"));
    Map<String, IngestItem> found = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT message_id, item_kind, payload FROM ingest_inbox"
        + " WHERE message_id IN (" + marks + ")")) {
      for (int i = 0; i < items.size(); i++) {
        ps.setString(i + 1, items.get(i).messageId());
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          found.put(rs.getString(1), IngestCodec.decode(rs.getString(2), rs.getString(3)));
        }
      }
    }
    return found;
  }

  /** The item recorded under {@code messageId}, or null. */
  private static IngestItem stored(Connection c, String messageId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT item_kind, payload FROM ingest_inbox WHERE message_id = ?")) {
      ps.setString(1, messageId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? IngestCodec.decode(rs.getString(1), rs.getString(2)) : null;
      }
    }
  }

  private static void bind(PreparedStatement ps, IngestItem item) throws SQLException {
    ps.setString(1, item.messageId());
    ps.setString(2, item.patientId());
    ps.setString(3, IngestCodec.kind(item));
    ps.setString(4, item.source().name());
    ps.setString(5, IngestCodec.encode(item));
    ps.setObject(6, Db.utc(item.effectiveTime()));
    ps.setObject(7, Db.utc(item.receivedTime()));
  }

  @Override
  public List<Entry> after(String patientId, long afterSeq, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, was " + limit);
    }
    return db.auto(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT seq, item_kind, payload FROM ingest_inbox"
          + " WHERE patient_id = ? AND seq > ? ORDER BY seq LIMIT ?")) {
        ps.setString(1, patientId);
        ps.setLong(2, afterSeq);
        ps.setInt(3, limit);
        List<Entry> entries = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            entries.add(new Entry(rs.getLong("seq"), IngestCodec.decode(rs.getString("item_kind"),
                rs.getString("payload"))));
          }
        }
        return entries;
      }
    });
  }

  /** Items of the patient received at or after {@code from}, in the order recorded (twin catch-up after recovery). */
  public List<IngestItem> receivedSince(String patientId, java.time.Instant from) {
    return db.auto(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT item_kind, payload FROM ingest_inbox"
          + " WHERE patient_id = ? AND received_time >= ? ORDER BY seq")) {
        ps.setString(1, patientId);
        ps.setObject(2, java.time.OffsetDateTime.ofInstant(from, java.time.ZoneOffset.UTC));
        List<IngestItem> items = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            items.add(IngestCodec.decode(rs.getString("item_kind"), rs.getString("payload")));
          }
        }
        return items;
      }
    });
  }
}
