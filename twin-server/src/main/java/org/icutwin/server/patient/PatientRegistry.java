package org.icutwin.server.patient;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.icutwin.server.api.ApiException;
import org.icutwin.server.api.Ids;
import org.icutwin.server.audit.AuditLog;
import org.icutwin.server.db.Db;
import org.icutwin.server.device.JdbcDeviceDirectory;
import org.icutwin.server.security.Actor;

/**
 * The patients the server knows: admission, lookup and discharge, each audited in the same
 * transaction. A discharge also ends the patient's device bindings at the discharge time. Errors
 * are {@link ApiException}s (404 unknown, 409 duplicate or already discharged, 422 bad field).
 */
@Singleton
public class PatientRegistry {

  static final double MAX_WEIGHT_KG = 500;
  private static final String COLUMNS = "patient_id, bed, model_id, drug, care_area, weight_kg, admitted_at,"
      + " admitted_by, discharged_at";

  private final Db db;
  private final AuditLog audit;
  private final CachedPatientDirectory directory;
  private final JdbcDeviceDirectory devices;

  public PatientRegistry(Db db, AuditLog audit, CachedPatientDirectory directory, JdbcDeviceDirectory devices) {
    this.db = db;
    this.audit = audit;
    this.directory = directory;
    this.devices = devices;
  }

  /** Records an admission; 409 if the id was ever used. */
  public PatientRecord admit(Admission admission, Actor actor) {
    PatientRecord record = validate(admission, actor);
    try {
      db.transaction(c -> {
        insert(c, record);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("modelId", record.modelId());
        details.put("drug", record.drug());
        details.put("careArea", record.careArea());
        details.put("admittedAt", record.admittedAt().toString());
        if (record.bed() != null) {
          details.put("bed", record.bed());
        }
        if (record.weightKg() != null) {
          details.put("weightKg", record.weightKg());
        }
        audit.record(c, actor, "patient.admitted", record.patientId(), details);
        return null;
      });
    } catch (DuplicatePatient e) {
      throw ApiException.conflict("patient '" + record.patientId() + "' already exists; a new stay needs a new id");
    } finally {
      directory.invalidate(record.patientId());
    }
    return record;
  }

  public Optional<PatientRecord> find(String patientId) {
    return db.auto(c -> find(c, patientId, false));
  }

  /** The patient, or 404 naming the id. */
  public PatientRecord get(String patientId) {
    return find(patientId).orElseThrow(() -> unknown(patientId));
  }

  /** Admitted patients, or every stay when {@code includeDischarged}, by admission time. */
  public List<PatientRecord> list(boolean includeDischarged) {
    return db.auto(c -> {
      String sql = "SELECT " + COLUMNS + " FROM patient"
          + (includeDischarged ? "" : " WHERE discharged_at IS NULL") + " ORDER BY admitted_at, patient_id";
      try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
        List<PatientRecord> out = new ArrayList<>();
        while (rs.next()) {
          out.add(read(rs));
        }
        return out;
      }
    });
  }

  /** Discharges at {@code at} and unbinds the patient's devices then; 409 if already discharged. */
  public PatientRecord discharge(String patientId, Instant requestedAt, Actor actor) {
    Instant at = Db.stored(requestedAt);
    try {
      return db.transaction(c -> {
        PatientRecord current = find(c, patientId, true).orElseThrow(() -> unknown(patientId));
        if (!current.admitted()) {
          throw ApiException.conflict("patient '" + patientId + "' was already discharged at " + current.dischargedAt());
        }
        if (at.isBefore(current.admittedAt())) {
          throw ApiException.invalid("dischargedAt", "discharge time " + at + " is before admission at "
              + current.admittedAt());
        }
        try (PreparedStatement ps = c.prepareStatement(
            "UPDATE patient SET discharged_at = ?, discharged_by = ? WHERE patient_id = ?")) {
          ps.setObject(1, Db.utc(at));
          ps.setString(2, actor.subject());
          ps.setString(3, patientId);
          ps.executeUpdate();
        }
        int unbound;
        // A binding that starts after the discharge time ends where it starts (it never applied).
        try (PreparedStatement ps = c.prepareStatement("UPDATE device_binding"
            + " SET valid_to = CASE WHEN valid_from > ? THEN valid_from ELSE ? END, unbound_by = ?"
            + " WHERE patient_id = ? AND valid_to IS NULL")) {
          ps.setObject(1, Db.utc(at));
          ps.setObject(2, Db.utc(at));
          ps.setString(3, actor.subject());
          ps.setString(4, patientId);
          unbound = ps.executeUpdate();
        }
        audit.record(c, actor, "patient.discharged", patientId,
            Map.of("dischargedAt", at.toString(), "devicesUnbound", unbound));
        return find(c, patientId, false).orElseThrow();
      });
    } finally {
      directory.invalidate(patientId);
      // A discharge ends the patient's bindings and takes it out of every device's answer.
      devices.invalidateAll();
    }
  }

  static ApiException unknown(String patientId) {
    return ApiException.notFound("unknown patient '" + patientId + "'");
  }

  /** Finds a patient on the caller's connection, locking the row when {@code forUpdate}. */
  public static Optional<PatientRecord> find(Connection c, String patientId, boolean forUpdate) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM patient WHERE patient_id = ?"
        + (forUpdate ? " FOR UPDATE" : ""))) {
      ps.setString(1, patientId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    }
  }

  private static PatientRecord validate(Admission a, Actor actor) {
    String id = Ids.require("patientId", a.patientId());
    String bed = a.bed() == null || a.bed().isBlank() ? null : Ids.requireText("bed", a.bed(), 64);
    String model = Ids.requireText("modelId", a.modelId(), 128);
    String drug = Ids.requireText("drug", a.drug(), 128);
    String area = Ids.requireText("careArea", a.careArea(), 64);
    if (a.weightKg() != null && !(a.weightKg() > 0 && a.weightKg() <= MAX_WEIGHT_KG)) {
      throw ApiException.invalid("weightKg", "weightKg must be within (0, " + MAX_WEIGHT_KG + "] kg, was "
          + a.weightKg());
    }
    if (a.admittedAt() == null) {
      throw ApiException.invalid("admittedAt", "admittedAt is required");
    }
    return new PatientRecord(id, bed, model, drug, area, a.weightKg(), Db.stored(a.admittedAt()), actor.subject(),
        null);
  }

  private static void insert(Connection c, PatientRecord r) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO patient (" + COLUMNS
        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, r.patientId());
      ps.setString(2, r.bed());
      ps.setString(3, r.modelId());
      ps.setString(4, r.drug());
      ps.setString(5, r.careArea());
      if (r.weightKg() == null) {
        ps.setNull(6, Types.DOUBLE);
      } else {
        ps.setDouble(6, r.weightKg());
      }
      ps.setObject(7, Db.utc(r.admittedAt()));
      ps.setString(8, r.admittedBy());
      ps.setObject(9, null);
      ps.executeUpdate();
    } catch (SQLException e) {
      if (Db.isUniqueViolation(e)) {
        throw new DuplicatePatient();
      }
      throw e;
    }
  }

  private static PatientRecord read(ResultSet rs) throws SQLException {
    return new PatientRecord(rs.getString("patient_id"), rs.getString("bed"), rs.getString("model_id"),
        rs.getString("drug"), rs.getString("care_area"), Db.nullableDouble(rs, "weight_kg"),
        Db.instant(rs, "admitted_at"), rs.getString("admitted_by"), Db.instant(rs, "discharged_at"));
  }

  /** Signals a taken id out of the transaction, to become a 409. */
  private static final class DuplicatePatient extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DuplicatePatient() {
      super(null, null, false, false);
    }
  }
}
