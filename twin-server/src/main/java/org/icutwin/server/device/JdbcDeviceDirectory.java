package org.icutwin.server.device;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.icutwin.gateway.ingest.DeviceDirectory;
import org.icutwin.server.db.Db;

/**
 * The gateway's view of devices and bindings, read from the registry tables and cached per device,
 * because every ingested message asks it twice. This node's registry invalidates a device's entry
 * after it registers, binds or unbinds it, and every entry after a discharge, so a rebinding takes
 * effect for the next message; the short expiry covers changes made by another node.
 */
@Singleton
public class JdbcDeviceDirectory implements DeviceDirectory {

  static final Duration EXPIRY = Duration.ofSeconds(5);
  /** More entries than this (devices that were asked about) and the cache starts over. */
  static final int MAX_ENTRIES = 20_000;

  /** A binding of the device to a patient still admitted: {@code from <= at < to}, {@code to} null while open. */
  private record Binding(String patientId, Instant from, Instant to) {
    boolean covers(Instant at) {
      return !from.isAfter(at) && (to == null || to.isAfter(at));
    }
  }

  private record Entry(Optional<Device> device, List<Binding> bindings, Instant expires) {
  }

  private final Db db;
  private final Clock clock;
  private final Map<String, Entry> cache = new ConcurrentHashMap<>();
  /** Bumped by every invalidation, so that a read that raced with a change is not cached. */
  private final AtomicLong generation = new AtomicLong();

  @Inject
  public JdbcDeviceDirectory(Db db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  @Override
  public Optional<Device> device(String deviceId) {
    return entry(deviceId).device();
  }

  /** The patient whose binding covers {@code at} ({@code from <= at < to}), if still admitted. */
  @Override
  public Optional<String> patientAt(String deviceId, Instant at) {
    for (Binding b : entry(deviceId).bindings()) {
      if (b.covers(at)) {
        return Optional.of(b.patientId());
      }
    }
    return Optional.empty();
  }

  /** Forgets what is cached about the device (after it was registered, bound or unbound). */
  public void invalidate(String deviceId) {
    generation.incrementAndGet();
    cache.remove(deviceId);
  }

  /** Forgets every device (after a discharge, which ends all the patient's bindings). */
  public void invalidateAll() {
    generation.incrementAndGet();
    cache.clear();
  }

  private Entry entry(String deviceId) {
    Instant now = clock.instant();
    Entry hit = cache.get(deviceId);
    if (hit != null && now.isBefore(hit.expires())) {
      return hit;
    }
    long before = generation.get();
    Entry loaded = load(deviceId, now.plus(EXPIRY));
    if (cache.size() >= MAX_ENTRIES) {
      cache.clear();
    }
    if (generation.get() == before) {
      cache.put(deviceId, loaded);
    }
    return loaded;
  }

  private Entry load(String deviceId, Instant expires) {
    return db.auto(c -> {
      Optional<Device> device;
      try (PreparedStatement ps = c.prepareStatement("SELECT device_id, sensor_class FROM device WHERE device_id = ?")) {
        ps.setString(1, deviceId);
        try (ResultSet rs = ps.executeQuery()) {
          device = rs.next() ? Optional.of(new Device(rs.getString(1), rs.getString(2))) : Optional.empty();
        }
      }
      List<Binding> bindings = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT b.patient_id, b.valid_from, b.valid_to"
          + " FROM device_binding b JOIN patient p ON p.patient_id = b.patient_id"
          + " WHERE b.device_id = ? AND p.discharged_at IS NULL ORDER BY b.valid_from")) {
        ps.setString(1, deviceId);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            bindings.add(new Binding(rs.getString(1), Db.instant(rs, "valid_from"), Db.instant(rs, "valid_to")));
          }
        }
      }
      return new Entry(device, List.copyOf(bindings), expires);
    });
  }
}
