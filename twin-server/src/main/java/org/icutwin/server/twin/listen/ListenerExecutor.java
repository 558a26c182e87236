package org.icutwin.server.twin.listen;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that does the slow part of reacting to twin events (database writes, FHIR
 * encoding), so that a twin actor never waits for it. One thread keeps the work in the order the
 * events were persisted, across all twins. A failing task is logged and does not stop the next.
 * On shutdown the queued work gets a few seconds to finish before the database closes.
 */
@Singleton
public class ListenerExecutor {

  private static final Logger LOG = LoggerFactory.getLogger(ListenerExecutor.class);

  private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "twin-listeners");
    t.setDaemon(true);
    return t;
  });

  /** Queues {@code work}; never blocks and never throws. */
  public void submit(String what, Runnable work) {
    try {
      executor.execute(() -> {
        try {
          work.run();
        } catch (RuntimeException e) {
          LOG.warn("{} failed", what, e);
        }
      });
    } catch (RejectedExecutionException e) {
      LOG.warn("{} dropped: the server is shutting down", what);
    }
  }

  @PreDestroy
  void close() throws InterruptedException {
    executor.shutdown();
    if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
      LOG.warn("twin listener work still queued at shutdown was abandoned");
      executor.shutdownNow();
    }
  }
}
