package org.icutwin.server.db;

import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;

/**
 * Plain JDBC over the server's pooled datasource: a unit of work runs on one connection, either
 * auto-committed or in one transaction that commits when the work returns and rolls back when it
 * throws. Times are stored as {@code TIMESTAMP WITH TIME ZONE} in UTC.
 */
@Singleton
public class Db {

  /** SQLSTATE of a unique or primary-key violation, the same in H2 and PostgreSQL. */
  static final String UNIQUE_VIOLATION = "23505";

  private final DataSource dataSource;

  public Db(DataSource dataSource) {
    // Micronaut Data wraps the pool in a proxy that only hands out connections inside its own
    // @Transactional/@Connectable scopes; this class manages connections itself.
    this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
  }

  /** A unit of work on a connection. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /** The pooled datasource itself. */
  public DataSource dataSource() {
    return dataSource;
  }

  /** Runs {@code work} on an auto-committing connection. */
  public <T> T auto(Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(true);
      return work.run(c);
    } catch (SQLException e) {
      throw new StoreException(e);
    }
  }

  /** Runs {@code work} in one transaction. */
  public <T> T transaction(Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new StoreException(e);
    }
  }

  public static boolean isUniqueViolation(SQLException e) {
    for (SQLException s = e; s != null; s = s.getNextException()) {
      if (UNIQUE_VIOLATION.equals(s.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  /**
   * The instant as the database keeps it: both H2 and PostgreSQL store microseconds, so services
   * truncate first and echo (and audit) exactly what was stored.
   */
  public static Instant stored(Instant instant) {
    return instant == null ? null : instant.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
  }

  /** A value for a {@code TIMESTAMP WITH TIME ZONE} parameter. */
  public static OffsetDateTime utc(Instant instant) {
    return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  /** Reads a {@code TIMESTAMP WITH TIME ZONE} column, null stays null. */
  public static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  /** Reads a nullable double column. */
  public static Double nullableDouble(ResultSet rs, String column) throws SQLException {
    double v = rs.getDouble(column);
    return rs.wasNull() ? null : v;
  }

}
