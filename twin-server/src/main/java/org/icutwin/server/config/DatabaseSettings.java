package org.icutwin.server.config;

import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

/**
 * The server's database as configured for Micronaut's default datasource; Pekko's journal uses
 * the same database through its own small pool.
 *
 * @param url JDBC URL
 * @param username user
 * @param password password (may be empty)
 * @param driverClassName JDBC driver class
 */
public record DatabaseSettings(String url, String username, String password, String driverClassName) {

  /** Which database the URL names. */
  public enum Vendor {
    H2("slick.jdbc.H2Profile$"),
    POSTGRESQL("slick.jdbc.PostgresProfile$");

    private final String slickProfile;

    Vendor(String slickProfile) {
      this.slickProfile = slickProfile;
    }

    public String slickProfile() {
      return slickProfile;
    }
  }

  public Vendor vendor() {
    return vendorOf(url);
  }

  /** The vendor a JDBC URL names; H2 and PostgreSQL only. */
  public static Vendor vendorOf(String url) {
    if (url.startsWith("jdbc:h2:")) {
      return Vendor.H2;
    }
    if (url.startsWith("jdbc:postgresql:")) {
      return Vendor.POSTGRESQL;
    }
    throw new IllegalStateException(
        "datasources.default.url must be an H2 (jdbc:h2:) or PostgreSQL (jdbc:postgresql:) URL, was '" + url + "'");
  }

  /** Reads the default datasource's settings. */
  @io.micronaut.context.annotation.Factory
  static class FromDatasource {

    @Singleton
    DatabaseSettings databaseSettings(@Property(name = "datasources.default.url") String url,
        @Property(name = "datasources.default.username") @Nullable String username,
        @Property(name = "datasources.default.password") @Nullable String password,
        @Property(name = "datasources.default.driver-class-name") String driver) {
      return new DatabaseSettings(url, username == null ? "" : username, password == null ? "" : password, driver);
    }
  }
}
