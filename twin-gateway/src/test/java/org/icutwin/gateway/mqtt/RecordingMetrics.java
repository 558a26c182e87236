package org.icutwin.gateway.mqtt;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.icutwin.gateway.ingest.RejectReason;
import org.icutwin.gateway.ingest.Source;

/** Counts every metric event under a readable key, e.g. {@code accepted:MQTT:glucose}. */
final class RecordingMetrics implements IngestMetrics {

  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  final java.util.List<Integer> batchSizes = new java.util.concurrent.CopyOnWriteArrayList<>();

  long count(String key) {
    LongAdder a = counts.get(key);
    return a == null ? 0 : a.sum();
  }

  private void inc(String key) {
    counts.computeIfAbsent(key, k -> new LongAdder()).increment();
  }

  @Override
  public void accepted(Source source, String quantity) {
    inc("accepted:" + source + ":" + quantity);
    inc("accepted");
  }

  @Override
  public void duplicate(Source source) {
    inc("duplicate");
  }

  @Override
  public void rejected(Source source, RejectReason reason) {
    inc("rejected:" + reason);
    inc("rejected");
  }

  @Override
  public void storeFailed(Source source) {
    inc("storeFailed");
  }

  @Override
  public void acknowledged(Duration latency) {
    inc("acknowledged");
  }

  @Override
  public void errorReportNotPublished() {
    inc("errorReportNotPublished");
  }

  @Override
  public void batchHandled(int messages) {
    batchSizes.add(messages);
  }
}
