package org.icutwin.server.twin;

import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;

/**
 * On start, wakes every admitted patient's twin so that it recovers and catches up from the ingest
 * inbox what was recorded but not yet journaled before a stop, without waiting for new data.
 */
@Singleton
class TwinWakeUp implements ApplicationEventListener<ServerStartupEvent> {

  private final PatientIndex index;
  private final TwinService twins;

  TwinWakeUp(PatientIndex index, TwinService twins) {
    this.index = index;
    this.twins = twins;
  }

  @Override
  public void onApplicationEvent(ServerStartupEvent event) {
    index.admittedIds().forEach(twins::wake);
  }
}
