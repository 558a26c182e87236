package org.icutwin.server.db;

import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.icutwin.gateway.ingest.IngestItem;
import org.icutwin.gateway.ingest.IngestStore;

/**
 * The ingest inbox in the database: one auto-committed insert per item, so an item is durable
 * when {@link #record} returns; the unique message id turns a redelivery into
 * {@link Outcome#DUPLICATE}.
 */
@Singleton
public class JdbcIngestStore implements IngestStore, IngestInbox {

  private final Db db;

  public JdbcIngestStore(Db db) {
    this.db = db;
  }

  @Override
  public Outcome record(IngestItem item) {
    String payload = IngestCodec.encode(item);
    return db.auto(c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO ingest_inbox"
          + " (message_id, patient_id, item_kind, source, payload, effective_time, received_time)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        ps.setString(1, item.messageId());
        ps.setString(2, item.patientId());
        ps.setString(3, IngestCodec.kind(item));
        ps.setString(4, item.source().name());
        ps.setString(5, payload);
        ps.setObject(6, Db.utc(item.effectiveTime()));
        ps.setObject(7, Db.utc(item.receivedTime()));
        ps.executeUpdate();
        return Outcome.RECORDED;
      } catch (SQLException e) {
        if (Db.isUniqueViolation(e)) {
          return Outcome.DUPLICATE;
        }
        throw e;
      }
    });
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
}
