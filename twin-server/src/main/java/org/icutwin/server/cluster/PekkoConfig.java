package org.icutwin.server.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigUtil;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.icutwin.server.config.ClusterSettings;
import org.icutwin.server.config.DatabaseSettings;

/**
 * Builds the Pekko configuration from the server's settings: a cluster node on loopback, Cluster
 * Sharding, the JDBC journal, snapshot and durable-state stores on the server's database, and the
 * CBOR binding for {@link CborSerializable}. An {@code application.conf} on the classpath (or
 * {@code -Dconfig.file}) can still override any key.
 */
public final class PekkoConfig {

  /** Journal connections: small, the twins write through a few batched connections. */
  static final int JOURNAL_POOL_SIZE = 4;

  private PekkoConfig() {
  }

  public static Config build(ClusterSettings cluster, DatabaseSettings database) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("pekko.actor.provider", "cluster");
    m.put("pekko.remote.artery.canonical.hostname", cluster.hostname());
    m.put("pekko.remote.artery.canonical.port", cluster.port());
    // The node joins itself (PekkoRuntime); no seed list to keep in step with the port.
    m.put("pekko.cluster.seed-nodes", List.of());
    m.put("pekko.cluster.downing-provider-class", "org.apache.pekko.cluster.sbr.SplitBrainResolverProvider");
    m.put("pekko.cluster.jmx.multi-mbeans-in-same-jvm", "on");
    m.put("pekko.cluster.log-info-verbose", "off");
    // Micronaut owns the process: it runs coordinated shutdown when the context stops.
    m.put("pekko.coordinated-shutdown.exit-jvm", "off");
    m.put("pekko.coordinated-shutdown.run-by-jvm-shutdown-hook", "off");
    m.put("pekko.loggers", List.of("org.apache.pekko.event.slf4j.Slf4jLogger"));
    m.put("pekko.logging-filter", "org.apache.pekko.event.slf4j.Slf4jLoggingFilter");
    m.put("pekko.loglevel", "INFO");
    m.put("pekko.log-dead-letters-during-shutdown", "off");
    m.put(ConfigUtil.joinPath("pekko", "actor", "serialization-bindings", CborSerializable.class.getName()),
        "jackson-cbor");

    // Idle twins passivate (stop, memory freed); the next message recovers them.
    m.put("pekko.cluster.sharding.passivation.strategy", "default-idle-strategy");
    m.put("pekko.cluster.sharding.passivation.default-idle-strategy.idle-entity.timeout",
        cluster.passivateIdle().toMillis() + "ms");
    // Commands that arrive while a twin recovers, persists or catches up wait in a bounded stash,
    // and Pekko drops what does not fit (logged); a dropped ingest item stays in the inbox and is
    // applied when the twin next recovers. The stash is sized for a device's backlog (a day of 1-Hz
    // vitals) or the largest FHIR batch, far above Pekko's 4,096. Failing on overflow instead was
    // tried: the rapid restarts it causes raced the sharded entity's recovery.
    m.put("pekko.persistence.typed.stash-capacity", cluster.stashCapacity());
    m.put("pekko.persistence.journal.plugin", "jdbc-journal");
    m.put("pekko.persistence.snapshot-store.plugin", "jdbc-snapshot-store");
    m.put("pekko.persistence.state.plugin", "jdbc-durable-state-store");
    String shared = "pekko-persistence-jdbc.shared-databases.slick";
    m.put(shared + ".profile", database.vendor().slickProfile());
    m.put(shared + ".db.url", database.url());
    m.put(shared + ".db.user", database.username());
    m.put(shared + ".db.password", database.password());
    m.put(shared + ".db.driver", database.driverClassName());
    m.put(shared + ".db.numThreads", JOURNAL_POOL_SIZE);
    m.put(shared + ".db.maxConnections", JOURNAL_POOL_SIZE);
    m.put(shared + ".db.minConnections", 1);
    // A snapshot that cannot be read (another format version, a broken payload) is skipped and the
    // twin replays its whole journal: events are never deleted on snapshot, so that stays correct.
    m.put("jdbc-snapshot-store.snapshot-is-optional", "on");
    for (String plugin : List.of("jdbc-journal", "jdbc-snapshot-store", "jdbc-read-journal",
        "jdbc-durable-state-store")) {
      m.put(plugin + ".use-shared-db", "slick");
    }
    return ConfigFactory.parseMap(m).withFallback(ConfigFactory.load());
  }
}
