package org.icutwin.server.device;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.icutwin.server.api.ApiException;
import org.icutwin.server.audit.AuditLog;
import org.icutwin.server.db.Db;
import org.icutwin.server.patient.PatientRecord;
import org.icutwin.server.patient.PatientRegistry;
import org.icutwin.server.security.Actor;

/**
 * Which patient a device is at, over time. A device is at one patient at a time: its bindings
 * never overlap (checked under a lock on the device row). A binding runs from its start until it
 * is unbound or the patient is discharged.
 */
@Singleton
public class DeviceBindings {

  private static final String COLUMNS = "binding_id, device_id, patient_id, valid_from, valid_to, bound_by, unbound_by";

  private final Db db;
  private final AuditLog audit;
  private final JdbcDeviceDirectory directory;

  public DeviceBindings(Db db, AuditLog audit, JdbcDeviceDirectory directory) {
    this.db = db;
    this.audit = audit;
    this.directory = directory;
  }

  /**
   * Binds the device to the admitted patient from {@code from} on.
   *
   * @throws ApiException 404 unknown patient, 422 unknown device or a start before admission,
   *     409 discharged patient or a device already bound at or after {@code from}
   */
  public BindingView bind(String patientId, String deviceId, Instant requestedFrom, Actor actor) {
    Instant from = Db.stored(requestedFrom);
    try {
      return bindIn(patientId, deviceId, from, actor);
    } finally {
      directory.invalidate(deviceId);
    }
  }

  private BindingView bindIn(String patientId, String deviceId, Instant from, Actor actor) {
    return db.transaction(c -> {
      PatientRecord patient = PatientRegistry.find(c, patientId, false).orElseThrow(() -> unknownPatient(patientId));
      if (!patient.admitted()) {
        throw ApiException.conflict("patient '" + patientId + "' was discharged at " + patient.dischargedAt());
      }
      if (from.isBefore(patient.admittedAt())) {
        throw ApiException.invalid("from", "from " + from + " is before the patient's admission at "
            + patient.admittedAt());
      }
      lockDevice(c, deviceId);
      Optional<BindingView> clash = firstOverlapping(c, deviceId, from);
      if (clash.isPresent()) {
        BindingView b = clash.get();
        throw ApiException.conflict(b.to() == null
            ? "device '" + deviceId + "' is bound to patient '" + b.patientId() + "' since " + b.from()
                + "; unbind it first"
            : "device '" + deviceId + "' was bound to patient '" + b.patientId() + "' until " + b.to()
                + ", after the requested start " + from);
      }
      long id;
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO device_binding"
          + " (device_id, patient_id, valid_from, bound_by) VALUES (?, ?, ?, ?)",
          Statement.RETURN_GENERATED_KEYS)) {
        ps.setString(1, deviceId);
        ps.setString(2, patientId);
        ps.setObject(3, Db.utc(from));
        ps.setString(4, actor.subject());
        ps.executeUpdate();
        try (ResultSet keys = ps.getGeneratedKeys()) {
          keys.next();
          id = keys.getLong(1);
        }
      }
      audit.record(c, actor, "device.bound", patientId, Map.of("deviceId", deviceId, "from", from.toString()));
      return byId(c, id);
    });
  }

  /**
   * Ends the device's current binding to the patient at {@code at}.
   *
   * @throws ApiException 404 unknown patient or no current binding, 422 {@code at} before its start
   */
  public BindingView unbind(String patientId, String deviceId, Instant requestedAt, Actor actor) {
    Instant at = Db.stored(requestedAt);
    try {
      return unbindIn(patientId, deviceId, at, actor);
    } finally {
      directory.invalidate(deviceId);
    }
  }

  private BindingView unbindIn(String patientId, String deviceId, Instant at, Actor actor) {
    return db.transaction(c -> {
      PatientRegistry.find(c, patientId, false).orElseThrow(() -> unknownPatient(patientId));
      BindingView open;
      try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM device_binding"
          + " WHERE device_id = ? AND patient_id = ? AND valid_to IS NULL FOR UPDATE")) {
        ps.setString(1, deviceId);
        ps.setString(2, patientId);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            throw ApiException.notFound("device '" + deviceId + "' is not bound to patient '" + patientId + "'");
          }
          open = read(rs);
        }
      }
      if (at.isBefore(open.from())) {
        throw ApiException.invalid("at", "at " + at + " is before the binding's start " + open.from());
      }
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE device_binding SET valid_to = ?, unbound_by = ? WHERE binding_id = ?")) {
        ps.setObject(1, Db.utc(at));
        ps.setString(2, actor.subject());
        ps.setLong(3, open.bindingId());
        ps.executeUpdate();
      }
      audit.record(c, actor, "device.unbound", patientId, Map.of("deviceId", deviceId, "at", at.toString()));
      return byId(c, open.bindingId());
    });
  }

  /** Every binding of the patient, oldest first; 404 for an unknown patient. */
  public List<BindingView> ofPatient(String patientId) {
    return db.auto(c -> {
      PatientRegistry.find(c, patientId, false).orElseThrow(() -> unknownPatient(patientId));
      try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM device_binding"
          + " WHERE patient_id = ? ORDER BY valid_from, binding_id")) {
        ps.setString(1, patientId);
        List<BindingView> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(read(rs));
          }
        }
        return out;
      }
    });
  }

  private static ApiException unknownPatient(String patientId) {
    return ApiException.notFound("unknown patient '" + patientId + "'");
  }

  private static void lockDevice(Connection c, String deviceId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT device_id FROM device WHERE device_id = ? FOR UPDATE")) {
      ps.setString(1, deviceId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw ApiException.invalid("deviceId", "unknown device '" + deviceId + "'; register it first");
        }
      }
    }
  }

  /** A binding of the device that is open or ends after {@code from}. */
  private static Optional<BindingView> firstOverlapping(Connection c, String deviceId, Instant from)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM device_binding"
        + " WHERE device_id = ? AND (valid_to IS NULL OR valid_to > ?) ORDER BY valid_from LIMIT 1")) {
      ps.setString(1, deviceId);
      ps.setObject(2, Db.utc(from));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    }
  }

  private static BindingView byId(Connection c, long id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM device_binding WHERE binding_id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return read(rs);
      }
    }
  }

  private static BindingView read(ResultSet rs) throws SQLException {
    return new BindingView(rs.getLong("binding_id"), rs.getString("device_id"), rs.getString("patient_id"),
        Db.instant(rs, "valid_from"), Db.instant(rs, "valid_to"), rs.getString("bound_by"),
        rs.getString("unbound_by"));
  }
}
