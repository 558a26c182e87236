package org.icutwin.server.cluster;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * Exposes the actor system and Cluster Sharding as beans. Register an entity type with
 * {@code sharding.init(Entity.of(TYPE_KEY, ctx -> ...))} from a bean of your own.
 */
@Factory
class PekkoFactory {

  @Singleton
  ActorSystem<Void> actorSystem(PekkoRuntime runtime) {
    return runtime.system();
  }

  @Singleton
  ClusterSharding clusterSharding(ActorSystem<Void> system) {
    return ClusterSharding.get(system);
  }
}
