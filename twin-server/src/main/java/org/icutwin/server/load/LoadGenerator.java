package org.icutwin.server.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicLongArray;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.icutwin.server.cli.TokenCommand;

/**
 * {@code icutwin loadgen}: admits N virtual norepinephrine/MAP patients on a running server, binds
 * an arterial line to each, and has every line publish MAP at a fixed rate over its own MQTT v5
 * connection (QoS 1, logged in as itself) for a warm-up and then a measured window. Reports the
 * observations per second offered, acknowledged by the broker (PUBACK), committed to the ingest
 * inbox and journaled by the twins, and the arrival-to-journaled latency the server measured
 * ({@code icutwin_twin_ingest_latency_seconds}). Loopback only, bounded in count and time.
 */
public final class LoadGenerator {

  enum Phase { WARMUP, MEASURE, STOPPED }

  private static final String LATENCY = "icutwin_twin_ingest_latency_seconds";
  private static final String LATENCY_HISTOGRAM = "icutwin_twin_ingest_latency_histogram_seconds";
  private static final String AGE = "icutwin_twin_observation_age_seconds";
  private static final String JOURNALED = "icutwin_observations_ingested_total";
  private static final String INBOX = "icutwin_ingest_accepted_total";

  private final LoadOptions options;
  private final PrintStream out;
  private final ObjectMapper json = new ObjectMapper();
  private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.WARMUP);
  private final AtomicLongArray offered = new AtomicLongArray(Phase.values().length);
  private final AtomicLongArray acked = new AtomicLongArray(Phase.values().length);
  private final AtomicLongArray failed = new AtomicLongArray(Phase.values().length);
  private final AtomicLongArray notSent = new AtomicLongArray(Phase.values().length);
  private final AtomicLong outstanding = new AtomicLong();
  private final AtomicReference<String> firstError = new AtomicReference<>();
  private final Timer pubackLatency;
  private long ackedAtWindowEnd;

  private LoadGenerator(LoadOptions options, PrintStream out) {
    this.options = options;
    this.out = out;
    this.pubackLatency = Timer.builder("puback").publishPercentiles(0.5, 0.99)
        .distributionStatisticExpiry(Duration.ofHours(1)).distributionStatisticBufferLength(1)
        .register(new SimpleMeterRegistry());
  }

  public static void main(String[] args) {
    int code = run(args, System.out, System.err);
    System.exit(code);
  }

  /** Runs the command; returns the exit code (0 done, 1 failed, 2 usage). */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    LoadOptions options;
    try {
      options = LoadOptions.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("icutwin loadgen: " + e.getMessage());
      err.println(LoadOptions.USAGE);
      return 2;
    }
    try {
      new LoadGenerator(options, out).execute(err);
      return 0;
    } catch (Exception e) {
      err.println("icutwin loadgen: " + e);
      return 1;
    }
  }

  private void execute(PrintStream err) throws Exception {
    String token = options.token().orElseGet(() -> mintToken(err));
    ServerApi api = new ServerApi(options.server(), token, json);
    int n = options.patients();
    out.printf(Locale.ROOT, "loadgen: %d patients at %.2f Hz for %d s (warm-up %d s) against %s and %s, prefix %s%n",
        n, options.rateHz(), options.seconds(), options.warmupSeconds(), options.server(), options.mqtt(),
        options.prefix());

    List<VirtualArterialLine> lines = new ArrayList<>();
    List<String> passwords = new ArrayList<>();
    SecureRandom secure = new SecureRandom();
    for (int i = 0; i < n; i++) {
      lines.add(new VirtualArterialLine(options.prefix() + "-aline-" + i, options.seed() + i));
      byte[] pw = new byte[12];
      secure.nextBytes(pw);
      passwords.add(HexFormat.of().formatHex(pw));
    }

    long t0 = System.nanoTime();
    Instant admittedAt = Instant.now().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.SECONDS);
    ExecutorService setup = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int k = i;
        done.add(setup.submit(() -> {
          String patient = options.prefix() + "-p-" + k;
          String device = lines.get(k).deviceId;
          api.post("/api/v1/patients", Map.of("patientId", patient, "model", "norepinephrine-map",
              "careArea", "adult-icu", "covariates", Map.of("weightKg", 70), "admittedAt", admittedAt.toString()));
          api.post("/api/v1/devices", Map.of("deviceId", device, "kind", "monitor", "sensorClass", "arterial-line",
              "mqttPassword", passwords.get(k)));
          api.post("/api/v1/patients/" + patient + "/devices", Map.of("deviceId", device, "from",
              admittedAt.toString()));
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(10, TimeUnit.MINUTES);
      }
    } finally {
      setup.shutdownNow();
    }
    double admitSeconds = (System.nanoTime() - t0) / 1e9;

    long t1 = System.nanoTime();
    List<MqttAsyncClient> clients = connectAll(lines, passwords);
    double connectSeconds = (System.nanoTime() - t1) / 1e9;
    out.printf(Locale.ROOT, "setup: admitted, registered and bound %d in %.1f s; %d MQTT connections in %.1f s%n",
        n, admitSeconds, n, connectSeconds);

    ScheduledExecutorService publishers = Executors.newScheduledThreadPool(2, r -> {
      Thread t = new Thread(r, "loadgen-publish");
      t.setDaemon(true);
      return t;
    });
    Scrape baseline = api.scrape();
    long periodNanos = Math.round(1e9 / options.rateHz());
    for (int i = 0; i < n; i++) {
      VirtualArterialLine line = lines.get(i);
      MqttAsyncClient client = clients.get(i);
      publishers.scheduleAtFixedRate(() -> publish(line, client), periodNanos * i / n, periodNanos,
          TimeUnit.NANOSECONDS);
    }
    try {
      TimeUnit.SECONDS.sleep(options.warmupSeconds());
      Scrape before = api.scrape();
      long cpuBefore = ownCpuNanos();
      phase.set(Phase.MEASURE);
      long windowStart = System.nanoTime();
      List<Double> serverCpu = new ArrayList<>();
      List<Double> systemCpu = new ArrayList<>();
      List<Double> heap = new ArrayList<>();
      long windowEnd = windowStart + TimeUnit.SECONDS.toNanos(options.seconds());
      while (System.nanoTime() < windowEnd) {
        TimeUnit.NANOSECONDS.sleep(Math.min(TimeUnit.SECONDS.toNanos(5), windowEnd - System.nanoTime()));
        if (System.nanoTime() < windowEnd - TimeUnit.MILLISECONDS.toNanos(500)) {
          Scrape s = api.scrape();
          serverCpu.add(s.sum("process_cpu_usage"));
          systemCpu.add(s.sum("system_cpu_usage"));
          heap.add(s.sum("jvm_memory_used_bytes", l -> "heap".equals(l.get("area"))));
        }
      }
      phase.set(Phase.STOPPED);
      double window = (System.nanoTime() - windowStart) / 1e9;
      double ownCpu = (ownCpuNanos() - cpuBefore) / 1e9 / window;
      Scrape after = api.scrape();
      ackedAtWindowEnd = total(acked);
      publishers.shutdown();
      publishers.awaitTermination(10, TimeUnit.SECONDS);

      long drainEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.drainSeconds());
      long sentTotal = total(offered) - total(notSent);
      Scrape drained = after;
      while (System.nanoTime() < drainEnd) {
        drained = api.scrape();
        if (outstanding.get() == 0
            && drained.sum(JOURNALED, mqtt()) - baseline.sum(JOURNALED, mqtt()) >= total(acked)) {
          break;
        }
        TimeUnit.SECONDS.sleep(1);
      }
      report(window, baseline, before, after, drained, serverCpu, systemCpu, heap, ownCpu, sentTotal);
    } finally {
      publishers.shutdownNow();
      disconnectAll(clients);
    }
  }

  private void publish(VirtualArterialLine line, MqttAsyncClient client) {
    Phase p = phase.get();
    if (p == Phase.STOPPED) {
      return;
    }
    int k = p.ordinal();
    offered.incrementAndGet(k);
    boolean counted = false;
    try {
      MqttMessage m = new MqttMessage(line.next(Instant.now(), json));
      m.setQos(1);
      long sent = System.nanoTime();
      outstanding.incrementAndGet();
      counted = true;
      client.publish(line.topic, m, null, new MqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
          outstanding.decrementAndGet();
          int[] codes = token.getReasonCodes();
          if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
            failed.incrementAndGet(k);
            firstError.compareAndSet(null, "PUBACK reason code " + codes[0] + " for " + line.deviceId);
            return;
          }
          acked.incrementAndGet(k);
          if (k == Phase.MEASURE.ordinal()) {
            pubackLatency.record(System.nanoTime() - sent, TimeUnit.NANOSECONDS);
          }
        }

        @Override
        public void onFailure(IMqttToken token, Throwable e) {
          outstanding.decrementAndGet();
          failed.incrementAndGet(k);
          firstError.compareAndSet(null, line.deviceId + ": " + e);
        }
      });
    } catch (Exception e) {
      if (counted) {
        outstanding.decrementAndGet();
      }
      notSent.incrementAndGet(k);
      firstError.compareAndSet(null, line.deviceId + " not sent: " + e);
    }
  }

  private List<MqttAsyncClient> connectAll(List<VirtualArterialLine> lines, List<String> passwords) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<MqttAsyncClient>> fs = new ArrayList<>();
      for (int i = 0; i < lines.size(); i++) {
        int k = i;
        fs.add(pool.submit(() -> {
          String id = lines.get(k).deviceId;
          MqttAsyncClient c = new MqttAsyncClient(options.mqtt().toString(), id, new MemoryPersistence());
          MqttConnectionOptions o = new MqttConnectionOptions();
          o.setUserName(id);
          o.setPassword(passwords.get(k).getBytes(StandardCharsets.UTF_8));
          o.setCleanStart(true);
          o.setKeepAliveInterval(60);
          o.setConnectionTimeout(60);
          o.setAutomaticReconnect(false);
          c.connect(o).waitForCompletion(120_000);
          return c;
        }));
      }
      List<MqttAsyncClient> clients = new ArrayList<>();
      for (Future<MqttAsyncClient> f : fs) {
        clients.add(f.get(10, TimeUnit.MINUTES));
      }
      return clients;
    } finally {
      pool.shutdownNow();
    }
  }

  private static void disconnectAll(List<MqttAsyncClient> clients) {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    for (MqttAsyncClient c : clients) {
      pool.submit(() -> {
        try {
          c.disconnect(5_000).waitForCompletion(10_000);
        } catch (Exception ignored) {
          // best effort: the process ends anyway
        }
        try {
          c.close(true);
        } catch (Exception ignored) {
          // as above
        }
      });
    }
    pool.shutdown();
    try {
      pool.awaitTermination(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void report(double window, Scrape baseline, Scrape before, Scrape after, Scrape drained,
      List<Double> serverCpu, List<Double> systemCpu, List<Double> heap, double ownCpu, long sentTotal) {
    int m = Phase.MEASURE.ordinal();
    double offeredRate = offered.get(m) / window;
    double ackedRate = acked.get(m) / window;
    double inboxRate = (after.sum(INBOX, mqtt()) - before.sum(INBOX, mqtt())) / window;
    double journaledRate = (after.sum(JOURNALED, mqtt()) - before.sum(JOURNALED, mqtt())) / window;
    double p50 = Scrape.quantileBetween(before, after, LATENCY_HISTOGRAM, 0.5);
    double p99 = Scrape.quantileBetween(before, after, LATENCY_HISTOGRAM, 0.99);
    out.printf(Locale.ROOT, "window: %.1f s%n", window);
    out.printf(Locale.ROOT, "observations/s: offered %.1f, acknowledged (PUBACK) %.1f, committed to the inbox %.1f,"
        + " journaled by twins %.1f%n", offeredRate, ackedRate, inboxRate, journaledRate);
    out.printf(Locale.ROOT, "arrival -> journaled latency in the window (histogram): p50 %s, p99 %s%n", ms(p50),
        ms(p99));
    out.printf(Locale.ROOT, "sample (effective) time -> journaled, i.e. including queueing in the broker: p50 %s,"
        + " p99 %s%n", ms(Scrape.quantileBetween(before, after, AGE, 0.5)),
        ms(Scrape.quantileBetween(before, after, AGE, 0.99)));
    out.printf(Locale.ROOT, "  server's own quantiles at the window's end (sliding ~1 min): p50 %s, p99 %s%n",
        ms(after.value(LATENCY, "quantile", "0.5")), ms(after.value(LATENCY, "quantile", "0.99")));
    out.printf(Locale.ROOT, "publish -> PUBACK at the device: p50 %s, p99 %s%n",
        ms(pubackLatency.percentile(0.5, TimeUnit.SECONDS)), ms(pubackLatency.percentile(0.99, TimeUnit.SECONDS)));
    out.printf(Locale.ROOT, "server arrival -> PUBACK to the broker (sliding): p50 %s, p99 %s%n",
        ms(after.value("icutwin_mqtt_ack_latency_seconds", "quantile", "0.5")),
        ms(after.value("icutwin_mqtt_ack_latency_seconds", "quantile", "0.99")));
    out.printf(Locale.ROOT, "server CPU (process, of all cores) mean %.0f%%, machine %.0f%%; heap used mean %.0f MiB,"
        + " max %.0f MiB; load generator CPU %.0f%% of one core%n", 100 * mean(serverCpu), 100 * mean(systemCpu),
        mean(heap) / (1 << 20), heap.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN) / (1 << 20),
        100 * ownCpu);
    out.printf(Locale.ROOT, "at the window's end: acknowledged by the broker but not yet in the inbox %d,"
        + " twin mailbox backlog %.0f, server threads %.0f%n",
        ackedAtWindowEnd - Math.round(after.sum(INBOX, mqtt()) - baseline.sum(INBOX, mqtt())),
        after.sum("icutwin_twins_mailbox_backlog"), after.sum("jvm_threads_live_threads"));
    long ackedAll = total(acked);
    long inboxAll = Math.round(drained.sum(INBOX, mqtt()) - baseline.sum(INBOX, mqtt()));
    long journaledAll = Math.round(drained.sum(JOURNALED, mqtt()) - baseline.sum(JOURNALED, mqtt()));
    out.printf(Locale.ROOT, "errors: %d publishes failed or refused, %d not sent (client window full or"
        + " disconnected), %d still unacknowledged after the drain; edge rejections %.0f, duplicates %.0f%n",
        total(failed), total(notSent), outstanding.get(), drained.sum("icutwin_observations_rejected_total")
            - before.sum("icutwin_observations_rejected_total"),
        drained.sum("icutwin_ingest_duplicates_total") - before.sum("icutwin_ingest_duplicates_total"));
    if (firstError.get() != null) {
      out.println("first error: " + firstError.get());
    }
    out.printf(Locale.ROOT, "whole run (server counters since the start, after the drain): sent %d, acknowledged %d, in the inbox %d,"
        + " journaled %d%n", sentTotal, ackedAll, inboxAll, journaledAll);
  }

  private static java.util.function.Predicate<Map<String, String>> mqtt() {
    return l -> "mqtt".equals(l.get("source"));
  }

  private static String ms(double seconds) {
    return Double.isNaN(seconds) ? "n/a" : String.format(Locale.ROOT, "%.1f ms", seconds * 1000);
  }

  private static double mean(List<Double> xs) {
    return xs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  private static long total(AtomicLongArray a) {
    long s = 0;
    for (int i = 0; i < a.length(); i++) {
      s += a.get(i);
    }
    return s;
  }

  private static long ownCpuNanos() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
  }

  private String mintToken(PrintStream err) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    List<String> args = new ArrayList<>(List.of("--sub", "loadgen", "--role", "ADMIN,CLINICIAN", "--hours", "4"));
    options.dataDir().ifPresent(d -> args.addAll(List.of("--data-dir", d.toString())));
    int code = TokenCommand.run(args.toArray(String[]::new), new PrintStream(buf, true, StandardCharsets.UTF_8), err);
    if (code != 0) {
      throw new IllegalStateException("could not mint a token (exit " + code + ")");
    }
    return buf.toString(StandardCharsets.UTF_8).strip();
  }
}
