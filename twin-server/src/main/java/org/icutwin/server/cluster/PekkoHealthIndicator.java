package org.icutwin.server.cluster;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.util.Map;
import org.apache.pekko.cluster.typed.Cluster;
import org.reactivestreams.Publisher;

/** Readiness: the server takes traffic only once its Pekko node is an Up cluster member. */
@Singleton
@Readiness
class PekkoHealthIndicator implements HealthIndicator {

  private final PekkoRuntime runtime;

  PekkoHealthIndicator(PekkoRuntime runtime) {
    this.runtime = runtime;
  }

  @Override
  public Publisher<HealthResult> getResult() {
    boolean up = runtime.clusterUp();
    Cluster cluster = Cluster.get(runtime.system());
    int members = 0;
    for (var ignored : cluster.state().getMembers()) {
      members++;
    }
    return Publishers.just(HealthResult.builder("pekkoCluster", up ? HealthStatus.UP : HealthStatus.DOWN)
        .details(Map.of(
            "address", cluster.selfMember().address().toString(),
            "status", cluster.selfMember().status().toString(),
            "members", members))
        .build());
  }
}
