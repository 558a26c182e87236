package org.icutwin.server.cluster;

import io.micronaut.context.annotation.Context;
import io.micronaut.runtime.graceful.GracefulShutdownCapable;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.icutwin.server.config.ClusterSettings;
import org.icutwin.server.config.DatabaseSettings;
import org.icutwin.server.db.Db;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the Pekko actor system for the life of the application: started with the context (a
 * one-node cluster that joins itself) and stopped through Pekko's coordinated shutdown, which hands
 * off sharded entities and lets them finish before the system terminates.
 */
@Context
public class PekkoRuntime implements GracefulShutdownCapable {

  private static final Logger LOG = LoggerFactory.getLogger(PekkoRuntime.class);
  /** Upper bound for coordinated shutdown; Pekko's own phase timeouts are shorter. */
  private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

  private final ActorSystem<Void> system;

  /** Why Pekko was stopped (shows in Pekko's shutdown log line). */
  enum ShutdownReason implements CoordinatedShutdown.Reason {
    SERVER_STOPPING
  }

  /**
   * The bean: taking {@link Db} means the datasource exists, and with it Flyway has created the
   * journal's tables, before any entity can recover.
   */
  @Inject
  PekkoRuntime(ClusterSettings cluster, DatabaseSettings database, Db migrated) {
    this(cluster, database);
  }

  /** A node over a database whose schema is already in place (tests). */
  public PekkoRuntime(ClusterSettings cluster, DatabaseSettings database) {
    this.system = ActorSystem.create(Behaviors.empty(), cluster.name(), PekkoConfig.build(cluster, database));
    Cluster node = Cluster.get(system);
    node.manager().tell(Join.create(node.selfMember().address()));
    LOG.info("Pekko node {} joining itself", node.selfMember().address());
  }

  public ActorSystem<Void> system() {
    return system;
  }

  /** Whether this node is an Up member of its cluster (readiness). */
  public boolean clusterUp() {
    return !system.getWhenTerminated().toCompletableFuture().isDone()
        && Cluster.get(system).selfMember().status() == MemberStatus.up();
  }

  @Override
  public CompletionStage<?> shutdownGracefully() {
    return CoordinatedShutdown.get(system).runAll(ShutdownReason.SERVER_STOPPING);
  }

  /** Runs coordinated shutdown (idempotent) and waits for the system to terminate. */
  @PreDestroy
  public void close() {
    try {
      shutdownGracefully().toCompletableFuture().get(SHUTDOWN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      system.getWhenTerminated().toCompletableFuture().get(SHUTDOWN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (TimeoutException e) {
      LOG.warn("Pekko did not stop within {}; terminating", SHUTDOWN_TIMEOUT);
      system.terminate();
    } catch (Exception e) {
      LOG.warn("Pekko shutdown failed; terminating", e);
      system.terminate();
    }
  }
}
