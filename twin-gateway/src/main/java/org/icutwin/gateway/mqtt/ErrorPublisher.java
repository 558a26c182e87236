package org.icutwin.gateway.mqtt;

import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Publishes error reports to devices' error topics off the ingest lanes and off the client's callback
 * thread, at QoS 1, with at most {@link #WINDOW} unacknowledged at a time per connection (brokers
 * limit how many a client may have in flight). Best effort: the dead letter is already stored; a
 * report that cannot be sent (no connection, backlog full, broker refusal) is counted, not retried.
 */
final class ErrorPublisher implements AutoCloseable {

  /** In-flight reports per connection; below HiveMQ's default server receive maximum (10). */
  static final int WINDOW = 8;
  /** Reports waiting to be sent beyond which new ones are dropped. */
  static final int BACKLOG = 1000;

  /** Where reports go: the current connection's link and its in-flight window. */
  record Outlet(MqttLink link, Semaphore window) {
  }

  private final Supplier<Optional<Outlet>> outlet;
  private final IngestMetrics metrics;
  private final ThreadPoolExecutor executor;

  ErrorPublisher(Supplier<Optional<Outlet>> outlet, IngestMetrics metrics, String threadName) {
    this.outlet = outlet;
    this.metrics = metrics;
    this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(BACKLOG),
        r -> {
          Thread t = new Thread(r, threadName);
          t.setDaemon(true);
          return t;
        }, (r, ex) -> metrics.errorReportNotPublished());
  }

  /** Queues {@code report} for {@code deviceId}'s error topic. */
  void publish(ErrorReport report, String deviceId) {
    executor.execute(() -> send(report, deviceId));
  }

  private void send(ErrorReport report, String deviceId) {
    Optional<Outlet> o = outlet.get();
    if (o.isEmpty()) {
      metrics.errorReportNotPublished();
      return;
    }
    try {
      if (!o.get().window().tryAcquire(5, TimeUnit.SECONDS)) {
        metrics.errorReportNotPublished();
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    o.get().link().publish(DeviceTopic.errorsOf(deviceId), report.toJson(), failure -> {
      o.get().window().release();
      if (failure != null) {
        metrics.errorReportNotPublished();
      }
    });
  }

  @Override
  public void close() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
