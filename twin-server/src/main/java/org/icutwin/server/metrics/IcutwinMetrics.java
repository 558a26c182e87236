package org.icutwin.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.context.annotation.Context;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.icutwin.gateway.ingest.RejectReason;
import org.icutwin.gateway.ingest.Source;

/**
 * The server's own meters, named once here so that dashboards and docs/api.md agree. Tags have
 * bounded values (sources, reasons, outcomes: enums); never a patient or device id. Prometheus
 * names are the meter names with '.' as '_' and the unit suffixes Micrometer adds. Created at
 * startup so that the gauges and timers are scraped (as zero) before anything happened.
 */
@Context
public class IcutwinMetrics {

  static final String INGESTED = "icutwin.observations.ingested";
  static final String REJECTED = "icutwin.observations.rejected";
  static final String ESTIMATOR_UPDATE = "icutwin.estimator.update";
  static final String MPC_SOLVE = "icutwin.mpc.solve";
  static final String RECOMMENDATIONS = "icutwin.recommendations";
  static final String ACTIVE_TWINS = "icutwin.twins.active";
  static final String MAILBOX_BACKLOG = "icutwin.twins.mailbox.backlog";
  static final String SUBSCRIPTION_LAG = "icutwin.subscriptions.delivery.lag";
  static final String SUBSCRIPTION_FAILURES = "icutwin.subscriptions.delivery.failures";
  static final String TWIN_RECOVERY = "icutwin.twin.recovery";
  static final String TWIN_FAILURES = "icutwin.twin.failures";
  static final String TWIN_SWEPT = "icutwin.twin.swept";

  private final MeterRegistry registry;
  private final Timer estimatorUpdate;
  private final Timer mpcSolve;
  private final Timer subscriptionLag;
  private final AtomicInteger activeTwins = new AtomicInteger();
  private final Map<String, AtomicInteger> queuedByTwin = new ConcurrentHashMap<>();

  public IcutwinMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.estimatorUpdate = latency(ESTIMATOR_UPDATE, "Time to apply one observation or dose to a twin's estimator");
    this.mpcSolve = latency(MPC_SOLVE, "Time to compute one MPC proposal");
    this.subscriptionLag = latency(SUBSCRIPTION_LAG,
        "Time from a resource's change to its delivery to a FHIR subscriber");
    Gauge.builder(ACTIVE_TWINS, activeTwins, AtomicInteger::get)
        .description("Twins running (not passivated) on this node").register(registry);
    Gauge.builder(MAILBOX_BACKLOG, this, IcutwinMetrics::backlog)
        .description("Ingested items handed to twins on this node and not yet handled by them, summed").register(registry);
    Counter.builder(TWIN_FAILURES).description("Twin computations that failed (the twin restarted from its journal)")
        .register(registry);
    Counter.builder(TWIN_SWEPT).description("Recorded items that never reached their twin and were applied from the"
        + " ingest store by its inbox sweep").register(registry);
  }

  /** An item accepted into the inbox. */
  public void observationIngested(Source source) {
    counter(INGESTED, "Items accepted into the ingest inbox", "source", tag(source)).increment();
  }

  /** A message refused at the edge, by source and reason. */
  public void observationRejected(Source source, RejectReason reason) {
    Counter.builder(REJECTED).description("Messages refused at the edge")
        .tag("source", tag(source)).tag("reason", tag(reason)).register(registry).increment();
  }

  public void estimatorUpdated(Duration took) {
    estimatorUpdate.record(took);
  }

  public void mpcSolved(Duration took) {
    mpcSolve.record(took);
  }

  /**
   * A twin recovered (started with a journal): how long it took, and whether from a snapshot
   * ({@code from=snapshot}) or by replaying its whole journal ({@code from=journal}).
   */
  public void twinRecovered(Duration took, boolean fromSnapshot) {
    Timer.builder(TWIN_RECOVERY).description("Time for a twin to recover its state when it starts")
        .tag("from", fromSnapshot ? "snapshot" : "journal").publishPercentileHistogram()
        .register(registry).record(took);
  }

  public void recommendation(RecommendationOutcome outcome) {
    counter(RECOMMENDATIONS, "Recommendations by what happened to them", "outcome", outcome.tag()).increment();
  }

  /** A twin started (or was re-activated) on this node. */
  public void twinStarted() {
    activeTwins.incrementAndGet();
  }

  /** A twin stopped or passivated; forgets its backlog. */
  public void twinStopped(String patientId) {
    activeTwins.decrementAndGet();
    queuedByTwin.remove(patientId);
  }

  /** An ingested item was handed to a patient's twin (it waits in the twin's mailbox). */
  public void ingestQueued(String patientId) {
    queuedByTwin.computeIfAbsent(patientId, k -> new AtomicInteger()).incrementAndGet();
  }

  /** The twin handled an item handed to it. */
  public void ingestHandled(String patientId) {
    AtomicInteger n = queuedByTwin.get(patientId);
    if (n != null && n.decrementAndGet() <= 0) {
      queuedByTwin.remove(patientId, n);
    }
  }

  /** A twin's inbox sweep found {@code n} recorded items that had not reached it. */
  public void twinSwept(int n) {
    registry.counter(TWIN_SWEPT).increment(n);
  }

  /** A twin's computation failed (the twin restarts from its journal). */
  public void twinFailed() {
    registry.counter(TWIN_FAILURES).increment();
  }

  private double backlog() {
    return queuedByTwin.values().stream().mapToInt(AtomicInteger::get).filter(n -> n > 0).sum();
  }

  /** A subscription notification delivered {@code lag} after the change it reports. */
  public void subscriptionDelivered(Duration lag) {
    subscriptionLag.record(lag);
  }

  /** A delivery attempt failed; {@code reason} is a short fixed word (timeout, http_5xx, refused). */
  public void subscriptionDeliveryFailed(String reason) {
    counter(SUBSCRIPTION_FAILURES, "Failed subscription delivery attempts", "reason", reason).increment();
  }

  private Counter counter(String name, String description, String tag, String value) {
    return Counter.builder(name).description(description).tag(tag, value).register(registry);
  }

  private Timer latency(String name, String description) {
    return Timer.builder(name).description(description).publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(100_000)).maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry);
  }

  private static String tag(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }
}
