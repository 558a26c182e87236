package org.icutwin.server.device;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.icutwin.control.twin.SensorClasses;
import org.icutwin.server.api.ApiException;
import org.icutwin.server.api.Ids;
import org.icutwin.server.audit.AuditLog;
import org.icutwin.server.db.Db;
import org.icutwin.server.security.Actor;

/**
 * Registered devices and their MQTT credentials. The embedded broker asks
 * {@link #authenticate(String, char[])} on connect.
 */
@Singleton
public class DeviceRegistry {

  static final int MIN_PASSWORD_LENGTH = 12;
  private static final String SELECT = "SELECT d.device_id, d.kind, d.sensor_class, d.registered_at, d.registered_by,"
      + " (SELECT b.patient_id FROM device_binding b WHERE b.device_id = d.device_id AND b.valid_to IS NULL"
      + "  ORDER BY b.valid_from DESC LIMIT 1) AS bound_to FROM device d";

  private final Db db;
  private final AuditLog audit;
  private final Clock clock;
  private final JdbcDeviceDirectory directory;

  public DeviceRegistry(Db db, AuditLog audit, Clock clock, JdbcDeviceDirectory directory) {
    this.db = db;
    this.audit = audit;
    this.clock = clock;
    this.directory = directory;
  }

  /** The known sensor class {@code name} denotes (case ignored); 422 naming the known ones otherwise. */
  private static String knownSensorClass(String name) {
    return SensorClasses.of(name).orElseThrow(() -> ApiException.invalid("sensorClass",
        "sensorClass '" + Ids.requireText("sensorClass", name, 64) + "' is not one of " + SensorClasses.KNOWN
            + " (a CGM must be registered as 'cgm': its readings are not blood)"));
  }

  /** Registers a device; 409 if the id is taken, 422 for a bad field. */
  public DeviceView register(String deviceId, String kind, @Nullable String sensorClass, char[] mqttPassword,
      Actor actor) {
    Ids.require("deviceId", deviceId);
    String k = Ids.requireText("kind", kind, 64);
    String sc = sensorClass == null || sensorClass.isBlank() ? null : knownSensorClass(sensorClass);
    if (mqttPassword == null || mqttPassword.length < MIN_PASSWORD_LENGTH) {
      throw ApiException.invalid("mqttPassword", "mqttPassword must be at least " + MIN_PASSWORD_LENGTH
          + " characters");
    }
    String hash = PasswordHasher.hash(mqttPassword);
    boolean inserted = db.transaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO device"
          + " (device_id, kind, sensor_class, mqtt_password_hash, registered_at, registered_by)"
          + " VALUES (?, ?, ?, ?, ?, ?)")) {
        ps.setString(1, deviceId);
        ps.setString(2, k);
        ps.setString(3, sc);
        ps.setString(4, hash);
        ps.setObject(5, Db.utc(clock.instant()));
        ps.setString(6, actor.subject());
        ps.executeUpdate();
      } catch (SQLException e) {
        if (Db.isUniqueViolation(e)) {
          return false;
        }
        throw e;
      }
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("deviceId", deviceId);
      details.put("kind", k);
      if (sc != null) {
        details.put("sensorClass", sc);
      }
      audit.record(c, actor, "device.registered", null, details);
      return true;
    });
    directory.invalidate(deviceId);
    if (!inserted) {
      throw ApiException.conflict("device '" + deviceId + "' is already registered");
    }
    return get(deviceId);
  }

  public List<DeviceView> list() {
    return db.auto(c -> {
      try (PreparedStatement ps = c.prepareStatement(SELECT + " ORDER BY d.device_id"); ResultSet rs = ps.executeQuery()) {
        List<DeviceView> out = new ArrayList<>();
        while (rs.next()) {
          out.add(read(rs));
        }
        return out;
      }
    });
  }

  public Optional<DeviceView> find(String deviceId) {
    return db.auto(c -> {
      try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE d.device_id = ?")) {
        ps.setString(1, deviceId);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(read(rs)) : Optional.empty();
        }
      }
    });
  }

  /** The device, or 404 naming the id. */
  public DeviceView get(String deviceId) {
    return find(deviceId).orElseThrow(() -> ApiException.notFound("unknown device '" + deviceId + "'"));
  }

  /** Whether the device exists and the password is its MQTT password. */
  public boolean authenticate(String deviceId, char[] password) {
    Optional<String> hash = db.auto(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT mqtt_password_hash FROM device WHERE device_id = ?")) {
        ps.setString(1, deviceId);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
        }
      }
    });
    return hash.map(h -> PasswordHasher.verify(password, h)).orElse(false);
  }

  private static DeviceView read(ResultSet rs) throws SQLException {
    return new DeviceView(rs.getString("device_id"), rs.getString("kind"), rs.getString("sensor_class"),
        Db.instant(rs, "registered_at"), rs.getString("registered_by"), rs.getString("bound_to"));
  }
}
