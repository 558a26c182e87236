package org.icutwin.server.twin;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import org.icutwin.control.twin.WarmUp;
import org.icutwin.core.druglib.DrugLibrary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link WarmUp} in the background once the server listens, so that the first real proposal
 * after a start is not withheld as {@code SOLVER_TIMEOUT} while the JIT compiles the controller.
 * Off with {@code icutwin.twin.warm-up=false}.
 */
@Singleton
@Requires(property = "icutwin.twin.warm-up", notEquals = "false")
class TwinWarmUp implements ApplicationEventListener<ServerStartupEvent> {

  private static final Logger LOG = LoggerFactory.getLogger(TwinWarmUp.class);

  private final DrugLibrary library;

  TwinWarmUp(DrugLibrary library) {
    this.library = library;
  }

  @Override
  public void onApplicationEvent(ServerStartupEvent event) {
    Thread t = new Thread(() -> {
      long t0 = System.nanoTime();
      try {
        int n = WarmUp.run(library).size();
        LOG.info("twin warm-up: {} proposals on synthetic twins in {} ms", n, (System.nanoTime() - t0) / 1_000_000);
      } catch (RuntimeException e) {
        LOG.warn("twin warm-up failed; the first real proposal may be slow", e);
      }
    }, "twin-warm-up");
    t.setDaemon(true);
    t.setPriority(Thread.MIN_PRIORITY);
    t.start();
  }
}
