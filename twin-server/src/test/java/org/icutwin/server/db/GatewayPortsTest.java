package org.icutwin.server.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import org.icutwin.gateway.ingest.AdministrationRecord;
import org.icutwin.gateway.ingest.CodeRef;
import org.icutwin.gateway.ingest.DeadLetter;
import org.icutwin.gateway.ingest.DeadLetterStore;
import org.icutwin.gateway.ingest.DeviceDirectory;
import org.icutwin.gateway.ingest.IngestStore;
import org.icutwin.gateway.ingest.ObservationRecord;
import org.icutwin.gateway.ingest.Revision;
import org.icutwin.gateway.ingest.PatientDirectory;
import org.icutwin.gateway.ingest.RejectReason;
import org.icutwin.gateway.ingest.Rejection;
import org.icutwin.gateway.ingest.Source;
import org.icutwin.server.ServerTestSupport;
import org.icutwin.server.device.DeviceBindings;
import org.icutwin.server.device.DeviceRegistry;
import org.icutwin.server.patient.Admission;
import org.icutwin.server.patient.PatientRegistry;
import org.icutwin.server.security.Actor;
import org.junit.jupiter.api.Test;

/** The gateway's ports as the server implements them, over the H2 database. */
@MicronautTest
class GatewayPortsTest extends ServerTestSupport {

  private static final Actor ADA = new Actor("ada", List.of("ADMIN"));
  private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

  @Inject
  IngestStore ingest;

  @Inject
  IngestInbox inbox;

  @Inject
  DeadLetterStore deadLetters;

  @Inject
  DeviceDirectory devices;

  @Inject
  PatientDirectory patientDirectory;

  @Inject
  PatientRegistry patients;

  @Inject
  DeviceRegistry registry;

  @Inject
  DeviceBindings bindings;

  @Inject
  Db db;

  private static ObservationRecord glucose(String messageId, String patientId, Instant at) {
    return new ObservationRecord(messageId, patientId, "cgm-1", CodeRef.loinc("15074-8"), "glucose", "cgm", 7.2,
        "mmol/L", false, 130, "mg/dL", at, at.plusSeconds(2), Source.MQTT);
  }

  /** The same observation arriving again a minute later, by another path and in another unit. */
  private static ObservationRecord redelivered(ObservationRecord o) {
    return new ObservationRecord(o.messageId(), o.patientId(), o.deviceId(), o.code(), o.quantity(), o.sensorClass(),
        o.value(), o.unit(), o.belowLoq(), o.value(), o.unit(), o.effectiveTime(), o.receivedTime().plusSeconds(60),
        Source.FHIR);
  }

  /** Another value under the same id (a device whose message counter was reset). */
  private static ObservationRecord otherValue(ObservationRecord o, double value) {
    return new ObservationRecord(o.messageId(), o.patientId(), o.deviceId(), o.code(), o.quantity(), o.sensorClass(),
        value, o.unit(), o.belowLoq(), value, o.unit(), o.effectiveTime(), o.receivedTime().plusSeconds(60),
        o.source());
  }

  @Test
  void anItemIsRecordedOnceAndReadBackInArrivalOrder() {
    ObservationRecord first = glucose("m-1", "p-inbox", T0);
    AdministrationRecord dose = new AdministrationRecord("m-2", "p-inbox", "pump-1", "insulin",
        AdministrationRecord.Kind.RATE, 2.5, "[iU]/h", 2.5, "[iU]/h", T0.plusSeconds(60), T0.plusSeconds(61),
        Source.MQTT, null);

    assertThat(ingest.record(first)).isEqualTo(IngestStore.Outcome.RECORDED);
    assertThat(ingest.record(dose)).isEqualTo(IngestStore.Outcome.RECORDED);
    assertThat(ingest.record(redelivered(first))).isEqualTo(IngestStore.Outcome.DUPLICATE);
    assertThat(ingest.record(glucose("m-other", "p-elsewhere", T0))).isEqualTo(IngestStore.Outcome.RECORDED);
    assertThat(ingest.find("m-1")).contains(first);
    assertThat(ingest.find("m-none")).isEmpty();

    List<IngestInbox.Entry> all = inbox.after("p-inbox", 0, 10);
    assertThat(all).extracting(IngestInbox.Entry::item).containsExactly(first, dose);
    assertThat(all.get(0).seq()).isLessThan(all.get(1).seq());
    assertThat(inbox.after("p-inbox", all.get(0).seq(), 10)).extracting(IngestInbox.Entry::item)
        .containsExactly(dose);
  }

  @Test
  void anotherItemUnderARecordedIdIsAConflictAndChangesNothing() {
    ObservationRecord first = glucose("c-1", "p-conflict", T0);
    ingest.record(first);
    ObservationRecord reset = glucose("c-1", "p-conflict", T0.plusSeconds(300)); // a later sample, id reused
    assertThat(ingest.record(reset)).isEqualTo(IngestStore.Outcome.CONFLICT);
    assertThat(ingest.record(otherValue(first, 3.1))).isEqualTo(IngestStore.Outcome.CONFLICT);
    assertThat(ingest.record(glucose("c-1", "p-other", T0))).isEqualTo(IngestStore.Outcome.CONFLICT);

    ObservationRecord c2 = glucose("c-2", "p-conflict", T0.plusSeconds(1));
    List<IngestStore.Outcome> batch = ingest.recordAll(List.of(otherValue(first, 9.9), c2, otherValue(c2, 4.0),
        redelivered(c2)));
    assertThat(batch).containsExactly(IngestStore.Outcome.CONFLICT, IngestStore.Outcome.RECORDED,
        IngestStore.Outcome.CONFLICT, IngestStore.Outcome.DUPLICATE);
    assertThat(inbox.after("p-conflict", 0, 10)).extracting(IngestInbox.Entry::item).containsExactly(first, c2);
    assertThat(inbox.after("p-other", 0, 10)).isEmpty();
  }

  /** A correction and a withdrawal are their own rows, read back with what they revise. */
  @Test
  void aRevisionIsRecordedOnceUnderItsOwnIdAndReadBackWithTheIdItRevises() {
    ObservationRecord first = glucose("r-1", "p-rev", T0);
    ObservationRecord o = first;
    ObservationRecord fix = new ObservationRecord("r-1#corrected:ab", o.patientId(), o.deviceId(), o.code(),
        o.quantity(), o.sensorClass(), 6.1, o.unit(), false, 6.1, o.unit(), o.effectiveTime(),
        o.receivedTime().plusSeconds(900), Source.FHIR, Revision.CORRECTION, "r-1");
    ObservationRecord gone = new ObservationRecord("r-1#entered-in-error", o.patientId(), o.deviceId(), o.code(),
        o.quantity(), o.sensorClass(), 0, o.unit(), false, 0, o.unit(), o.effectiveTime(),
        o.receivedTime().plusSeconds(1800), Source.FHIR, Revision.WITHDRAWAL, "r-1");
    assertThat(ingest.recordAll(List.of(first, fix, gone, fix))).containsExactly(IngestStore.Outcome.RECORDED,
        IngestStore.Outcome.RECORDED, IngestStore.Outcome.RECORDED, IngestStore.Outcome.DUPLICATE);
    assertThat(inbox.after("p-rev", 0, 10)).extracting(IngestInbox.Entry::item).containsExactly(first, fix, gone);
    assertThat(ingest.find("r-1#corrected:ab")).hasValueSatisfying(i -> {
      assertThat(((ObservationRecord) i).revision()).isEqualTo(Revision.CORRECTION);
      assertThat(((ObservationRecord) i).revises()).isEqualTo("r-1");
    });
    assertThat(((ObservationRecord) ingest.find("r-1").orElseThrow()).revision()).isEqualTo(Revision.ORIGINAL);
  }

  @Test
  void aBatchIsCommittedTogetherWithDuplicatesNamedAndKeepsItsOrder() {
    ObservationRecord old = glucose("b-old", "p-batch", T0);
    ingest.record(old);
    ObservationRecord b1 = glucose("b-1", "p-batch", T0.plusSeconds(1));
    List<IngestStore.Outcome> outcomes = ingest.recordAll(List.of(b1, redelivered(old),
        glucose("b-2", "p-batch", T0.plusSeconds(3)), redelivered(b1), glucose("b-3", "p-batch", T0.plusSeconds(5))));
    assertThat(outcomes).containsExactly(IngestStore.Outcome.RECORDED, IngestStore.Outcome.DUPLICATE,
        IngestStore.Outcome.RECORDED, IngestStore.Outcome.DUPLICATE, IngestStore.Outcome.RECORDED);
    assertThat(inbox.after("p-batch", 0, 10)).extracting(e -> e.item().messageId())
        .containsExactly("b-old", "b-1", "b-2", "b-3");
    assertThat(inbox.after("p-batch", 0, 10)).extracting(e -> e.item().effectiveTime())
        .containsExactly(T0, T0.plusSeconds(1), T0.plusSeconds(3), T0.plusSeconds(5));
  }

  @Test
  void aBatchThatCannotBeCommittedLeavesNothingBehind() {
    String tooLong = "p".repeat(200);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ingest.recordAll(List.of(
        glucose("f-1", "p-fail", T0), glucose("f-2", tooLong, T0), glucose("f-3", "p-fail", T0))))
        .isInstanceOf(RuntimeException.class);
    assertThat(inbox.after("p-fail", 0, 10)).isEmpty();
    assertThat(ingest.recordAll(List.of(glucose("f-1", "p-fail", T0), glucose("f-3", "p-fail", T0))))
        .containsOnly(IngestStore.Outcome.RECORDED);
  }

  @Test
  void aRefusedMessageIsKeptWithItsReasonAndAVeryLargePayloadIsCut() {
    deadLetters.store(new DeadLetter(T0, Source.MQTT, "icutwin/devices/cgm-9/obs", "cgm-9", "m-bad",
        new Rejection(RejectReason.WRONG_UNIT, "unit 'kg' does not measure glucose"), "x".repeat(100_000)));
    db.auto(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT reason, detail, device_id, LENGTH(payload) FROM dead_letter WHERE message_id = 'm-bad'");
          ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("WRONG_UNIT");
        assertThat(rs.getString(2)).contains("kg");
        assertThat(rs.getString(3)).isEqualTo("cgm-9");
        assertThat(rs.getInt(4)).isEqualTo(JdbcDeadLetterStore.MAX_PAYLOAD);
      }
      return null;
    });
  }

  @Test
  void aDeviceBelongsToAPatientOnlyWithinItsBindingAndWhileThePatientIsAdmitted() {
    patients.admit(new Admission("p-dir", null, "bergman-insulin", "insulin", "adult-icu", 72.5, T0), ADA);
    registry.register("cgm-dir", "cgm", null, "correct-horse-battery".toCharArray(), ADA);
    bindings.bind("p-dir", "cgm-dir", T0.plusSeconds(3600), ADA);
    bindings.unbind("p-dir", "cgm-dir", T0.plusSeconds(7200), ADA);

    assertThat(devices.device("cgm-dir")).contains(new DeviceDirectory.Device("cgm-dir", null));
    assertThat(devices.device("nope")).isEmpty();
    assertThat(devices.patientAt("cgm-dir", T0.plusSeconds(3599))).isEmpty();
    assertThat(devices.patientAt("cgm-dir", T0.plusSeconds(3600))).contains("p-dir");
    assertThat(devices.patientAt("cgm-dir", T0.plusSeconds(7199))).contains("p-dir");
    assertThat(devices.patientAt("cgm-dir", T0.plusSeconds(7200))).isEmpty();

    PatientDirectory.Patient seen = patientDirectory.admitted("p-dir").orElseThrow();
    assertThat(seen.careArea()).isEqualTo("adult-icu");
    assertThat(seen.weightKg()).hasValue(72.5);

    patients.discharge("p-dir", T0.plusSeconds(86_400), ADA);
    assertThat(patientDirectory.admitted("p-dir")).as("discharge invalidates the cached entry").isEmpty();
    assertThat(devices.patientAt("cgm-dir", T0.plusSeconds(3600))).as("only admitted patients").isEmpty();
  }

  @Test
  void aRebindingOrARegistrationTakesEffectForTheNextLookupDespiteTheCache() {
    patients.admit(new Admission("p-re-a", null, "norepinephrine-map", "norepinephrine", "adult-icu", null, T0), ADA);
    patients.admit(new Admission("p-re-b", null, "norepinephrine-map", "norepinephrine", "adult-icu", null, T0), ADA);
    assertThat(devices.device("art-re")).as("looked up (and cached) before it exists").isEmpty();
    registry.register("art-re", "monitor", null, "correct-horse-battery".toCharArray(), ADA);
    assertThat(devices.device("art-re")).contains(new DeviceDirectory.Device("art-re", null));

    bindings.bind("p-re-a", "art-re", T0, ADA);
    Instant later = T0.plusSeconds(600);
    assertThat(devices.patientAt("art-re", later)).contains("p-re-a");
    assertThat(devices.patientAt("art-re", later)).as("served from the cache").contains("p-re-a");
    bindings.unbind("p-re-a", "art-re", T0.plusSeconds(300), ADA);
    assertThat(devices.patientAt("art-re", later)).isEmpty();
    bindings.bind("p-re-b", "art-re", T0.plusSeconds(300), ADA);
    assertThat(devices.patientAt("art-re", later)).contains("p-re-b");
    assertThat(devices.patientAt("art-re", T0.plusSeconds(299))).contains("p-re-a");
  }

  @Test
  void dischargeEndsTheOpenBindingsAtTheDischargeTime() {
    patients.admit(new Admission("p-out", null, "norepinephrine-map", "norepinephrine", "adult-icu", null, T0), ADA);
    registry.register("pump-out", "pump", null, "correct-horse-battery".toCharArray(), ADA);
    bindings.bind("p-out", "pump-out", T0, ADA);
    Instant out = T0.plusSeconds(10_000);
    patients.discharge("p-out", out, ADA);
    assertThat(bindings.ofPatient("p-out")).singleElement().satisfies(b -> assertThat(b.to()).isEqualTo(out));
    assertThat(patients.get("p-out").dischargedAt()).isEqualTo(out);
    assertThat(patients.list(false)).extracting(r -> r.patientId()).doesNotContain("p-out");
    assertThat(patients.list(true)).extracting(r -> r.patientId()).contains("p-out");
  }

  @Test
  void flywayAppliedTheServersTheJournalsForThisDatabaseAndTheGatewaysMigrations() {
    List<String> applied = db.auto(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT \"script\" FROM \"flyway_schema_history\" WHERE \"success\" AND \"version\" IS NOT NULL ORDER BY \"installed_rank\"");
          ResultSet rs = ps.executeQuery()) {
        List<String> scripts = new java.util.ArrayList<>();
        while (rs.next()) {
          scripts.add(rs.getString(1));
        }
        return scripts;
      }
    });
    assertThat(applied).containsExactly("V2__pekko_persistence.sql", "V3__server_tables.sql",
        "V4__inbox_received_index.sql", "V5__users.sql");
    db.auto(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM \"event_journal\"");
          ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
      }
      return null;
    });
  }

  @Test
  void aDeviceAuthenticatesWithItsPasswordOnly() {
    registry.register("mon-auth", "monitor", null, "correct-horse-battery".toCharArray(), ADA);
    assertThat(registry.authenticate("mon-auth", "correct-horse-battery".toCharArray())).isTrue();
    assertThat(registry.authenticate("mon-auth", "correct-horse-batterY".toCharArray())).isFalse();
    assertThat(registry.authenticate("ghost", "correct-horse-battery".toCharArray())).isFalse();
  }
}
