package org.icutwin.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.jackson.JacksonCborSerializer;
import org.awaitility.Awaitility;
import org.flywaydb.core.Flyway;
import org.icutwin.server.ServerTestSupport;
import org.icutwin.server.config.ClusterSettings;
import org.icutwin.server.config.DatabaseSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The Pekko wiring end to end without Micronaut: a sharded event-sourced entity persists to the
 * JDBC journal in an H2 file, and a second actor system over the same file recovers its state.
 */
class PekkoPersistenceTest {

  private static final Duration ASK = Duration.ofSeconds(20);

  @Test
  void shardedEntityRecoversItsEventsFromTheH2JournalAfterRestart() throws Exception {
    Path dir = ServerTestSupport.newDataDir();
    persistStopAndRecover(new DatabaseSettings("jdbc:h2:file:" + dir.resolve("icutwin")
        + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0", "sa", "", "org.h2.Driver"), "h2", "patient-1");
  }

  /**
   * The same against PostgreSQL, when one is given, e.g.
   * {@code ICUTWIN_TEST_POSTGRES_URL=jdbc:postgresql://127.0.0.1:55432/icutwin ICUTWIN_TEST_POSTGRES_USER=postgres}
   * (an empty database, or one this test migrated before).
   */
  @Test
  @EnabledIfEnvironmentVariable(named = "ICUTWIN_TEST_POSTGRES_URL", matches = ".+")
  void shardedEntityRecoversItsEventsFromThePostgresJournalAfterRestart() throws Exception {
    persistStopAndRecover(new DatabaseSettings(System.getenv("ICUTWIN_TEST_POSTGRES_URL"),
        System.getenv().getOrDefault("ICUTWIN_TEST_POSTGRES_USER", "postgres"),
        System.getenv().getOrDefault("ICUTWIN_TEST_POSTGRES_PASSWORD", ""), "org.postgresql.Driver"),
        "postgresql", "patient-" + System.nanoTime());
  }

  private static void persistStopAndRecover(DatabaseSettings db, String vendor, String entityId) throws Exception {
    Flyway.configure().dataSource(db.url(), db.username(), db.password())
        .locations("classpath:db/migration/common", "classpath:db/migration/" + vendor, "classpath:db/gateway").load().migrate();
    ClusterSettings cluster = new ClusterSettings("icutwin-test", "127.0.0.1", 0);

    PekkoRuntime first = new PekkoRuntime(cluster, db);
    try {
      EntityRef<Counter.Command> counter = counter(first, entityId);
      ask(first, counter, 3);
      Counter.State afterTwo = ask(first, counter, 4);
      assertThat(afterTwo).isEqualTo(new Counter.State(7, 2));
      assertThat(SerializationExtension.get(first.system()).findSerializerFor(new Counter.Added(1)))
          .isInstanceOf(JacksonCborSerializer.class);
    } finally {
      first.close();
    }
    assertThat(first.system().getWhenTerminated().toCompletableFuture().isDone()).isTrue();

    PekkoRuntime second = new PekkoRuntime(cluster, db);
    try {
      Awaitility.await().atMost(Duration.ofSeconds(20)).until(second::clusterUp);
      EntityRef<Counter.Command> counter = counter(second, entityId);
      Counter.State recovered = AskPattern.<Counter.Command, Counter.State>ask(counter, Counter.Get::new, ASK,
          second.system().scheduler()).toCompletableFuture().get(ASK.toSeconds(), TimeUnit.SECONDS);
      assertThat(recovered).isEqualTo(new Counter.State(7, 2));
      assertThat(ask(second, counter, 1)).isEqualTo(new Counter.State(8, 3));
    } finally {
      second.close();
    }
  }

  private static EntityRef<Counter.Command> counter(PekkoRuntime runtime, String id) {
    ClusterSharding sharding = ClusterSharding.get(runtime.system());
    sharding.init(Entity.of(Counter.TYPE, ctx -> Counter.create(ctx.getEntityId())));
    return sharding.entityRefFor(Counter.TYPE, id);
  }

  private static Counter.State ask(PekkoRuntime runtime, EntityRef<Counter.Command> ref, int amount) throws Exception {
    return AskPattern.<Counter.Command, Counter.State>ask(ref, replyTo -> new Counter.Add(amount, replyTo), ASK,
        runtime.system().scheduler()).toCompletableFuture().get(ASK.toSeconds(), TimeUnit.SECONDS);
  }
}
