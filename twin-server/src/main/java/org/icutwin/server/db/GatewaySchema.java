package org.icutwin.server.db;

import jakarta.inject.Singleton;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * The twin-gateway's tables (FHIR subscriptions and their outbox), migrated from
 * {@code classpath:db/gateway} into the server's database with their own history table.
 *
 * <p>The gateway numbers its migrations on its own ({@code V100__fhir_subscriptions.sql}), so they cannot
 * share the server's history: two version 1 scripts in one Flyway run are refused. A separate
 * history table ({@value #HISTORY_TABLE}) keeps both sequences independent; the baseline at
 * version 0 lets Flyway start it in a schema that already holds the server's tables. Runs once,
 * when the first bean that needs those tables is created.
 */
@Singleton
public class GatewaySchema {

  /** Flyway history of the gateway's migrations. */
  public static final String HISTORY_TABLE = "flyway_gateway_history";
  /** Where twin-gateway ships its scripts. */
  public static final String LOCATION = "classpath:db/gateway";

  private final int applied;

  public GatewaySchema(Db db) {
    MigrateResult result = Flyway.configure()
        .dataSource(db.dataSource())
        .locations(LOCATION)
        .table(HISTORY_TABLE)
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .load()
        .migrate();
    this.applied = result.migrationsExecuted;
  }

  /** How many gateway migrations this start applied (0 when the schema was current). */
  public int applied() {
    return applied;
  }
}
