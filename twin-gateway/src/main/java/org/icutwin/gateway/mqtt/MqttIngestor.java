package org.icutwin.gateway.mqtt;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.icutwin.gateway.ingest.DeadLetterStore;
import org.icutwin.gateway.ingest.FhirItemReader;
import org.icutwin.gateway.ingest.IngestStore;
import org.icutwin.gateway.ingest.Normaliser;

/**
 * Takes device messages from the broker into the {@link IngestStore}: QoS 1 on a persistent
 * session, each message acknowledged only after its items were recorded (or its refusal was stored
 * as a dead letter), acknowledgements in arrival order, refusals reported on the device's error
 * topic (docs/mqtt.md).
 *
 * <p>Threads: the client library's callback thread only queues arrivals; {@code lanes} workers
 * handle them (one device always on the same lane, so its messages stay in order); one supervisor
 * thread connects, subscribes and reconnects; one thread publishes error reports.
 *
 * <p>Group commit: a lane takes every arrival waiting for it (up to {@code batchSize}), records the
 * accepted ones in one store commit, and only then acknowledges the batch, in arrival order. A
 * refused message in a batch is dead-lettered alone; a store failure leaves the whole batch
 * unacknowledged.
 *
 * <p>When the connection is lost, or a store throws, the connection is closed and a new one opened
 * after a back-off; everything not yet acknowledged comes again from the broker's session, and the
 * store's message-id check records each message once.
 */
public final class MqttIngestor implements AutoCloseable {

  private final MqttIngestSettings settings;
  private final MqttLink.Factory links;
  private final MessageHandler handler;
  private final IngestMetrics metrics;
  private final ScheduledExecutorService supervisor;
  private final Lane[] lanes;
  private final ErrorPublisher errors;
  private final AtomicInteger storeFailures = new AtomicInteger();
  private final AtomicLong connections = new AtomicLong();
  private final AtomicLong acknowledged = new AtomicLong();
  private volatile Connection current;
  private volatile boolean closed;
  private int connectFailures;

  /**
   * An ingestor over Eclipse Paho; call {@link #start()} to connect.
   *
   * @param handler records or refuses each message (built from the normaliser, the FHIR reader and
   *     the stores)
   */
  public MqttIngestor(MqttIngestSettings settings, MessageHandler handler, IngestMetrics metrics) {
    this(settings, PahoLink.factory(settings), handler, metrics);
  }

  MqttIngestor(MqttIngestSettings settings, MqttLink.Factory links, MessageHandler handler, IngestMetrics metrics) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.links = Objects.requireNonNull(links, "links");
    this.handler = Objects.requireNonNull(handler, "handler");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    String name = "icutwin-mqtt-" + settings.clientId();
    this.supervisor = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, name + "-supervisor"));
    this.lanes = new Lane[settings.lanes()];
    for (int i = 0; i < lanes.length; i++) {
      lanes[i] = new Lane(name + "-lane-" + i);
    }
    this.errors = new ErrorPublisher(this::outlet, metrics, name + "-errors");
  }

  /** Builds the handler from its parts; see {@link MessageHandler}. */
  public static MqttIngestor create(MqttIngestSettings settings, Normaliser normaliser, FhirItemReader fhir,
      IngestStore store, DeadLetterStore deadLetters, IngestMetrics metrics, Clock clock) {
    return create(settings, PahoLink.factory(settings), normaliser, fhir, store, deadLetters, metrics, clock);
  }

  /**
   * As {@link #create(MqttIngestSettings, Normaliser, FhirItemReader, IngestStore, DeadLetterStore,
   * IngestMetrics, Clock)}, over {@code links} instead of an MQTT client (e.g. the embedded broker's
   * {@code BrokerIntake}).
   */
  public static MqttIngestor create(MqttIngestSettings settings, MqttLink.Factory links, Normaliser normaliser,
      FhirItemReader fhir, IngestStore store, DeadLetterStore deadLetters, IngestMetrics metrics, Clock clock) {
    return new MqttIngestor(settings, links, new MessageHandler(normaliser, fhir, store, deadLetters, metrics, clock),
        metrics);
  }

  /** Connects and subscribes in the background, retrying with back-off until it succeeds or is closed. */
  public void start() {
    for (Lane lane : lanes) {
      lane.thread.start();
    }
    supervisor.execute(this::connect);
  }

  /** Whether a connection is up and subscribed. */
  public boolean isConnected() {
    Connection c = current;
    return c != null && c.subscribed && c.link != null && c.link.isConnected();
  }

  /** How many connections were established (and subscribed) since start; more than one means it reconnected. */
  public long connections() {
    return connections.get();
  }

  /** How many messages were acknowledged to the broker since start. */
  public long acknowledged() {
    return acknowledged.get();
  }

  /**
   * Stops at once: closes the connection without acknowledging messages still being handled (they
   * come again, to this node's next session or, with a shared subscription, possibly to another
   * node), lets the lanes finish their current message, then stops every thread.
   */
  @Override
  public void close() {
    closed = true;
    try {
      supervisor.submit(() -> drop(current)).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      Connection c = current;
      if (c != null) {
        c.shut();
      }
    }
    supervisor.shutdownNow();
    for (Lane lane : lanes) {
      lane.running = false;
    }
    for (Lane lane : lanes) {
      try {
        lane.thread.join(10_000);
        if (lane.thread.isAlive()) {
          lane.thread.interrupt();
        }
      } catch (InterruptedException e) {
        lane.thread.interrupt();
        Thread.currentThread().interrupt();
      }
    }
    errors.close();
  }

  /** One connection: its link, its acknowledgement order and its error-report window. */
  private final class Connection implements MqttLink.Inbound {
    final AckSequencer acks;
    final Semaphore errorWindow = new Semaphore(ErrorPublisher.WINDOW);
    /**
     * Arrivals not yet handled. A broker should never exceed our receive maximum, but Mosquitto
     * 2.0.11 was measured to (with several publishers at once); blocking the client's callback
     * thread here pushes back through TCP instead of queueing without bound.
     */
    final Semaphore backlog = new Semaphore(settings.receiveMaximum());
    volatile MqttLink link;
    volatile boolean open = true;
    volatile boolean subscribed;

    Connection(IngestMetrics metrics) {
      this.acks = new AckSequencer(metrics);
    }

    @Override
    public void message(String topic, byte[] payload, int packetId, int qos) {
      if (!awaitRoom()) {
        return;
      }
      AckSequencer.Slot slot = acks.arrived(packetId, qos);
      String device = DeviceTopic.parse(topic).map(DeviceTopic::deviceId).orElse("");
      Lane lane = lanes[Math.floorMod(device.hashCode(), lanes.length)];
      if (!lane.running || !lane.queue.offer(new Arrival(this, slot, topic, payload))) {
        // Closing: the message stays unacknowledged and comes again.
        backlog.release();
      }
    }

    /** Waits for room in the backlog while the connection is open; false when it closed meanwhile. */
    private boolean awaitRoom() {
      try {
        while (open) {
          if (backlog.tryAcquire(100, TimeUnit.MILLISECONDS)) {
            return true;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return false;
    }

    @Override
    public void lost(Throwable cause) {
      reconnectLater(this, settings.reconnectDelayMin());
    }

    void shut() {
      open = false;
      acks.stop();
      MqttLink l = link;
      if (l != null) {
        l.close();
      }
    }
  }

  /** A message waiting on a lane. */
  private record Arrival(Connection connection, AckSequencer.Slot slot, String topic, byte[] payload) {
  }

  /** One ingest worker: its queue of arrivals and the thread that handles them in batches. */
  private final class Lane {
    final BlockingQueue<Arrival> queue = new LinkedBlockingQueue<>();
    final Thread thread;
    volatile boolean running = true;

    Lane(String name) {
      this.thread = daemon(this::run, name);
    }

    private void run() {
      List<Arrival> batch = new ArrayList<>(settings.batchSize());
      while (running) {
        try {
          Arrival first = queue.poll(100, TimeUnit.MILLISECONDS);
          if (first == null) {
            continue;
          }
          batch.add(first);
          queue.drainTo(batch, settings.batchSize() - 1);
          processAll(batch);
        } catch (InterruptedException e) {
          return;
        } finally {
          for (Arrival a : batch) {
            a.connection().backlog.release();
          }
          batch.clear();
        }
      }
    }
  }

  /** Handles a lane's batch; arrivals of different connections (around a reconnect) are handled apart. */
  private void processAll(List<Arrival> batch) {
    int from = 0;
    for (int i = 1; i <= batch.size(); i++) {
      if (i == batch.size() || batch.get(i).connection() != batch.get(from).connection()) {
        process(batch.get(from).connection(), batch.subList(from, i));
        from = i;
      }
    }
  }

  private void process(Connection c, List<Arrival> arrivals) {
    if (!c.open || c.acks.isStopped()) {
      return;
    }
    List<MessageHandler.Message> messages = new ArrayList<>(arrivals.size());
    List<AckSequencer.Slot> slots = new ArrayList<>(arrivals.size());
    for (Arrival a : arrivals) {
      messages.add(new MessageHandler.Message(a.topic(), a.payload()));
      slots.add(a.slot());
    }
    try {
      List<MessageHandler.Result> results = handler.handleAll(messages);
      storeFailures.set(0);
      for (MessageHandler.Result result : results) {
        if (result instanceof MessageHandler.Refused r && r.deviceId().isPresent()) {
          errors.publish(r.report(), r.deviceId().get());
        }
      }
      long before = c.acks.acknowledged();
      c.acks.doneAll(slots);
      acknowledged.addAndGet(c.acks.acknowledged() - before);
      metrics.batchHandled(messages.size());
    } catch (StoreUnavailableException | RuntimeException e) {
      // Nothing from here on may be acknowledged on this connection (acks go in arrival order), so
      // a batch left unfinished would stall it: start over on a new connection instead.
      c.acks.stop();
      reconnectLater(c, backoff(storeFailures.incrementAndGet()));
    }
  }

  private void reconnectLater(Connection c, Duration delay) {
    try {
      supervisor.execute(() -> {
        if (c == current && !closed) {
          drop(c);
          supervisor.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
      });
    } catch (RuntimeException e) {
      // Supervisor stopped: closing.
    }
  }

  /** Supervisor thread only. */
  private void drop(Connection c) {
    if (c == null) {
      return;
    }
    if (c == current) {
      current = null;
    }
    c.shut();
  }

  /** Supervisor thread only. */
  private void connect() {
    if (closed || current != null) {
      return;
    }
    Connection c = new Connection(metrics);
    try {
      MqttLink link = links.open(c);
      c.link = link;
      c.acks.attach(link);
      current = c;
      // Not in a connect callback: Paho can deadlock when subscribing from its own threads.
      link.subscribe(settings.filters());
      c.subscribed = true;
      connectFailures = 0;
      connections.incrementAndGet();
    } catch (IOException | RuntimeException e) {
      drop(c);
      c.shut();
      if (!closed) {
        supervisor.schedule(this::connect, backoff(++connectFailures).toMillis(), TimeUnit.MILLISECONDS);
      }
    }
  }

  /** The reconnect delay after {@code failures} consecutive failures: doubling from the minimum, capped. */
  Duration backoff(int failures) {
    long min = settings.reconnectDelayMin().toMillis();
    long max = settings.reconnectDelayMax().toMillis();
    long delay = min;
    for (int i = 1; i < failures && delay < max; i++) {
      delay *= 2;
    }
    return Duration.ofMillis(Math.min(delay, max));
  }

  private Optional<ErrorPublisher.Outlet> outlet() {
    Connection c = current;
    return c == null || !c.open || c.link == null ? Optional.empty()
        : Optional.of(new ErrorPublisher.Outlet(c.link, c.errorWindow));
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
