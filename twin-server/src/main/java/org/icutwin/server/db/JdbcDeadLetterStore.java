package org.icutwin.server.db;

import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import org.icutwin.gateway.ingest.DeadLetter;
import org.icutwin.gateway.ingest.DeadLetterStore;

/** Refused messages in the {@code dead_letter} table; very large payloads are cut. */
@Singleton
public class JdbcDeadLetterStore implements DeadLetterStore {

  /** Longest payload kept, in characters; a refused message is kept for inspection, not replay. */
  static final int MAX_PAYLOAD = 64 * 1024;
  static final int MAX_DETAIL = 4000;

  private final Db db;

  public JdbcDeadLetterStore(Db db) {
    this.db = db;
  }

  @Override
  public void store(DeadLetter letter) {
    db.auto(c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO dead_letter"
          + " (received_time, source, origin, device_id, message_id, reason, detail, payload)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
        ps.setObject(1, Db.utc(letter.receivedTime()));
        ps.setString(2, letter.source().name());
        ps.setString(3, cut(letter.origin(), 512));
        ps.setString(4, letter.deviceId());
        ps.setString(5, letter.messageId());
        ps.setString(6, letter.rejection().reason().name());
        ps.setString(7, cut(letter.rejection().detail(), MAX_DETAIL));
        ps.setString(8, cut(letter.payload(), MAX_PAYLOAD));
        return ps.executeUpdate();
      }
    });
  }

  static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 14) + "...[truncated]";
  }
}
