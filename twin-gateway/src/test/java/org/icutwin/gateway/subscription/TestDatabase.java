package org.icutwin.gateway.subscription;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/** An H2 file database with the gateway's migration applied, as Flyway would in the server. */
final class TestDatabase {

  private TestDatabase() {
  }

  static DataSource open(Path dir) {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:file:" + dir.resolve("gateway").toAbsolutePath() + ";DB_CLOSE_DELAY=-1");
    ds.setUser("sa");
    return ds;
  }

  static DataSource migrated(Path dir) {
    DataSource ds = open(dir);
    try (InputStream in = TestDatabase.class.getResourceAsStream("/db/gateway/V100__fhir_subscriptions.sql");
        Connection c = ds.getConnection(); Statement st = c.createStatement()) {
      String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)^--.*$", "");
      for (String stmt : sql.split(";")) {
        if (!stmt.isBlank()) {
          st.execute(stmt);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return ds;
  }

  /** Closes the database as a process exit would. */
  static void shutdown(DataSource ds) {
    try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
      st.execute("SHUTDOWN");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
