package org.icutwin.server.db;

import io.micronaut.context.annotation.Property;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.flyway.FlywayConfigurationProperties;
import jakarta.inject.Singleton;
import java.util.Arrays;
import java.util.Locale;
import org.flywaydb.core.api.Location;
import org.icutwin.server.config.DatabaseSettings;

/**
 * Resolves {@value #VENDOR} in the Flyway locations to the database the default datasource
 * points at ({@code h2} or {@code postgresql}), so that the vendor-specific scripts (the Pekko
 * journal schema) follow the JDBC URL. Flyway 10's open-source edition has no such placeholder.
 */
@Singleton
class VendorMigrations implements BeanCreatedEventListener<FlywayConfigurationProperties> {

  static final String VENDOR = "{vendor}";

  private final String url;

  // The URL as a property, not DatabaseSettings: a listener on Flyway's configuration should not
  // depend on beans that may themselves wait for the datasource.
  VendorMigrations(@Property(name = "datasources.default.url") String url) {
    this.url = url;
  }

  @Override
  public FlywayConfigurationProperties onCreated(BeanCreatedEvent<FlywayConfigurationProperties> event) {
    FlywayConfigurationProperties flyway = event.getBean();
    String vendor = DatabaseSettings.vendorOf(url).name().toLowerCase(Locale.ROOT);
    String[] locations = Arrays.stream(flyway.getFluentConfiguration().getLocations())
        .map(Location::getDescriptor)
        .map(d -> d.replace(VENDOR, vendor))
        .toArray(String[]::new);
    flyway.setLocations(locations);
    return flyway;
  }
}
