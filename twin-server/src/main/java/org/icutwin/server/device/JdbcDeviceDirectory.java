package org.icutwin.server.device;

import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;
import org.icutwin.gateway.ingest.DeviceDirectory;
import org.icutwin.server.db.Db;

/** The gateway's view of devices and bindings, read from the registry tables on each call. */
@Singleton
public class JdbcDeviceDirectory implements DeviceDirectory {

  private final Db db;

  public JdbcDeviceDirectory(Db db) {
    this.db = db;
  }

  @Override
  public Optional<Device> device(String deviceId) {
    return db.auto(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT device_id, sensor_class FROM device WHERE device_id = ?")) {
        ps.setString(1, deviceId);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(new Device(rs.getString(1), rs.getString(2))) : Optional.<Device>empty();
        }
      }
    });
  }

  /** The patient whose binding covers {@code at} ({@code from <= at < to}), if still admitted. */
  @Override
  public Optional<String> patientAt(String deviceId, Instant at) {
    return db.auto(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT b.patient_id FROM device_binding b"
          + " JOIN patient p ON p.patient_id = b.patient_id"
          + " WHERE b.device_id = ? AND b.valid_from <= ? AND (b.valid_to IS NULL OR b.valid_to > ?)"
          + " AND p.discharged_at IS NULL")) {
        ps.setString(1, deviceId);
        ps.setObject(2, Db.utc(at));
        ps.setObject(3, Db.utc(at));
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
        }
      }
    });
  }
}
