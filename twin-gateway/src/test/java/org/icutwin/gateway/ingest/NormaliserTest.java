package org.icutwin.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.icutwin.core.druglib.DrugLibrary;
import org.junit.jupiter.api.Test;

class NormaliserTest {

  static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  static final Path LIBRARY = Path.of("..", "config", "drug-library.json");

  final TestDirectories dirs = new TestDirectories()
      .admit("p1", "adult-icu", 80.0)
      .device("cgm-1", "cgm").bind("cgm-1", "p1")
      .device("pump-1", null).bind("pump-1", "p1")
      .device("idle-1", null);
  final Normaliser normaliser = new Normaliser(CodeTable.standard(), new DrugUnits(DrugLibrary.load(LIBRARY)), dirs,
      dirs, Clock.fixed(NOW, ZoneOffset.UTC), Normaliser.DEFAULT_MAX_FUTURE_SKEW);

  static RawObservation glucose(String device, double value, String unit, Instant at) {
    return new RawObservation("m-" + value, device, null, List.of(CodeRef.loinc("2339-0")), value, unit, false, at,
        Source.MQTT);
  }

  static Rejection rejection(ThrowingCall call) {
    try {
      call.run();
    } catch (RejectedException e) {
      return e.rejection();
    }
    throw new AssertionError("expected a rejection");
  }

  interface ThrowingCall {
    void run() throws RejectedException;
  }

  @Test
  void glucoseInMgPerDlIsConvertedToMmolPerLitreWithTheDevicesSensorClass() throws Exception {
    ObservationRecord r = normaliser.observation(glucose("cgm-1", 180.16, "mg/dL", NOW.minusSeconds(5)));
    assertThat(r.value()).isCloseTo(10.0, within(1e-9));
    assertThat(r.unit()).isEqualTo("mmol/L");
    assertThat(r.quantity()).isEqualTo("glucose");
    assertThat(r.sensorClass()).isEqualTo("cgm");
    assertThat(r.patientId()).isEqualTo("p1");
    assertThat(r.originalValue()).isEqualTo(180.16);
    assertThat(r.receivedTime()).isEqualTo(NOW);
  }

  @Test
  void eachBadObservationIsRefusedWithItsOwnReason() {
    Instant t = NOW.minusSeconds(5);
    assertThat(rejection(() -> normaliser.observation(glucose("cgm-1", Double.NaN, "mg/dL", t))).reason())
        .isEqualTo(RejectReason.NOT_FINITE);
    assertThat(rejection(() -> normaliser.observation(glucose("cgm-1", 100, "mg/dl/x", t))).reason())
        .isEqualTo(RejectReason.UNKNOWN_UNIT);
    assertThat(rejection(() -> normaliser.observation(glucose("cgm-1", 100, "mm[Hg]", t))).reason())
        .isEqualTo(RejectReason.WRONG_UNIT);
    assertThat(rejection(() -> normaliser.observation(glucose("cgm-1", 9000, "mg/dL", t))).reason())
        .isEqualTo(RejectReason.OUT_OF_RANGE);
    assertThat(rejection(() -> normaliser.observation(glucose("nobody", 100, "mg/dL", t))).reason())
        .isEqualTo(RejectReason.UNKNOWN_DEVICE);
    assertThat(rejection(() -> normaliser.observation(glucose("idle-1", 100, "mg/dL", t))).reason())
        .isEqualTo(RejectReason.DEVICE_NOT_BOUND);
    assertThat(rejection(() -> normaliser.observation(glucose("cgm-1", 100, "mg/dL", NOW.plus(Duration.ofMinutes(10)))))
        .reason()).isEqualTo(RejectReason.FUTURE_TIMESTAMP);
    RawObservation unknownCode = new RawObservation("m", "cgm-1", null, List.of(CodeRef.loinc("0000-0")), 1, "mmol/L",
        false, t, Source.MQTT);
    Rejection r = rejection(() -> normaliser.observation(unknownCode));
    assertThat(r.reason()).isEqualTo(RejectReason.UNKNOWN_CODE);
    assertThat(r.detail()).contains("0000-0");
  }

  @Test
  void aPatientNamedInThePayloadMustMatchTheDevicesBinding() {
    RawObservation other = new RawObservation("m", "cgm-1", "p2", List.of(CodeRef.loinc("15074-8")), 6, "mmol/L",
        false, NOW, Source.FHIR);
    assertThat(rejection(() -> normaliser.observation(other)).reason()).isEqualTo(RejectReason.DEVICE_MISMATCH);
    RawObservation lab = new RawObservation("m", null, "p9", List.of(CodeRef.loinc("15074-8")), 6, "mmol/L",
        false, NOW, Source.FHIR);
    assertThat(rejection(() -> normaliser.observation(lab)).reason()).isEqualTo(RejectReason.UNKNOWN_PATIENT);
  }

  @Test
  void pumpRatesAreConvertedToTheLibraryUnitAndUnknownDrugsRefused() throws Exception {
    RawAdministration rate = new RawAdministration("a1", "pump-1", null, "insulin", AdministrationRecord.Kind.RATE,
        0.05, "U/min", NOW, Source.MQTT, null);
    AdministrationRecord r = normaliser.administration(rate);
    assertThat(r.amount()).isCloseTo(3.0, within(1e-9));
    assertThat(r.unit()).isEqualTo("[iU]/h");
    RawAdministration nopa = new RawAdministration("a2", "pump-1", null, "heparinx", AdministrationRecord.Kind.RATE,
        1, "[iU]/h", NOW, Source.MQTT, null);
    assertThat(rejection(() -> normaliser.administration(nopa)).reason()).isEqualTo(RejectReason.UNKNOWN_DRUG);
    RawAdministration wrong = new RawAdministration("a3", "pump-1", null, "insulin", AdministrationRecord.Kind.RATE,
        1, "mg", NOW, Source.MQTT, null);
    assertThat(rejection(() -> normaliser.administration(wrong)).reason()).isEqualTo(RejectReason.WRONG_UNIT);
  }

  /** A withdrawal needs no amount and is recorded under its own id; a dose "correction" is refused with what to do. */
  @Test
  void aDoseWithdrawalIsRecordedUnderItsOwnIdAndADoseCorrectionIsRefused() throws Exception {
    RawAdministration gone = new RawAdministration("a9", "pump-1", null, "insulin", AdministrationRecord.Kind.BOLUS,
        Double.NaN, null, NOW, Source.FHIR, null, Revision.WITHDRAWAL);
    AdministrationRecord r = normaliser.administration(gone);
    assertThat(r.messageId()).isEqualTo("a9#entered-in-error");
    assertThat(r.revision()).isEqualTo(Revision.WITHDRAWAL);
    assertThat(r.revises()).isEqualTo("a9");
    assertThat(r.unit()).isEqualTo("[iU]");
    RawAdministration unknown = new RawAdministration("a8", "pump-1", null, "heparinx", AdministrationRecord.Kind.RATE,
        Double.NaN, null, NOW, Source.FHIR, null, Revision.WITHDRAWAL);
    assertThat(rejection(() -> normaliser.administration(unknown)).reason()).isEqualTo(RejectReason.UNKNOWN_DRUG);
    RawAdministration fixed = new RawAdministration("a7", "pump-1", null, "insulin", AdministrationRecord.Kind.RATE,
        2, "[iU]/h", NOW, Source.FHIR, null, Revision.CORRECTION);
    assertThat(rejection(() -> normaliser.administration(fixed)).detail()).contains("withdraw it");
  }

  /** A dose no smart pump on this library could deliver is refused (a slip in amount or unit), the limit itself is not. */
  @Test
  void aDoseAboveTheLibrarysHardMaximumIsRefusedNamingTheLimit() throws Exception {
    RawAdministration limit = new RawAdministration("h1", "pump-1", null, "insulin", AdministrationRecord.Kind.RATE,
        30, "[iU]/h", NOW, Source.MQTT, null);
    assertThat(normaliser.administration(limit).amount()).isEqualTo(30.0);
    RawAdministration rate = new RawAdministration("h2", "pump-1", null, "insulin", AdministrationRecord.Kind.RATE,
        200, "[iU]/h", NOW, Source.MQTT, null);
    Rejection r = rejection(() -> normaliser.administration(rate));
    assertThat(r.reason()).isEqualTo(RejectReason.OUT_OF_RANGE);
    assertThat(r.detail()).contains("insulin rate 200.0 [iU]/h is above the drug library's hard maximum 30.0 [iU]/h");
    RawAdministration bolus = new RawAdministration("h3", "pump-1", null, "insulin", AdministrationRecord.Kind.BOLUS,
        500, "[iU]", NOW, Source.MQTT, null);
    assertThat(rejection(() -> normaliser.administration(bolus)).detail()).contains("dose 500.0 [iU]", "hard maximum 20.0");
    // In another unit the limit is compared after conversion: 0.6 U/min is 36 U/h.
    RawAdministration perMin = new RawAdministration("h4", "pump-1", null, "insulin", AdministrationRecord.Kind.RATE,
        0.6, "U/min", NOW, Source.MQTT, null);
    assertThat(rejection(() -> normaliser.administration(perMin)).reason()).isEqualTo(RejectReason.OUT_OF_RANGE);
    RawAdministration ne = new RawAdministration("h5", "pump-1", null, "norepinephrine", AdministrationRecord.Kind.RATE,
        50, "ug/kg/min", NOW, Source.MQTT, null);
    assertThat(rejection(() -> normaliser.administration(ne)).detail()).contains("hard maximum 3.0");
  }

  @Test
  void feedsAndDextroseAreGramsOfGlucoseAndAVolumeRateIsRefused() throws Exception {
    RawAdministration feed = new RawAdministration("f1", "pump-1", null, "enteral-nutrition",
        AdministrationRecord.Kind.RATE, 200, "mg/min", NOW, Source.MQTT, null);
    AdministrationRecord r = normaliser.administration(feed);
    assertThat(r.unit()).isEqualTo("g/h");
    assertThat(r.amount()).isCloseTo(12.0, within(1e-9));
    RawAdministration d50 = new RawAdministration("f2", "pump-1", null, "dextrose", AdministrationRecord.Kind.BOLUS,
        25, "g", NOW, Source.MQTT, null);
    assertThat(normaliser.administration(d50).unit()).isEqualTo("g");
    // The feeding pump's mL/h needs the formula's carbohydrate content, which the sender knows: refused.
    RawAdministration volume = new RawAdministration("f3", "pump-1", null, "enteral-nutrition",
        AdministrationRecord.Kind.RATE, 80, "mL/h", NOW, Source.MQTT, null);
    var e = rejection(() -> normaliser.administration(volume));
    assertThat(e.reason()).isEqualTo(RejectReason.WRONG_UNIT);
    assertThat(e.detail()).contains("g/h");
    RawAdministration feedBolus = new RawAdministration("f4", "pump-1", null, "parenteral-nutrition",
        AdministrationRecord.Kind.BOLUS, 10, "g", NOW, Source.MQTT, null);
    assertThat(rejection(() -> normaliser.administration(feedBolus)).reason())
        .isEqualTo(RejectReason.UNSUPPORTED_RESOURCE);
  }

  @Test
  void norepinephrinePerKgRatesUseThePatientsWeight() throws Exception {
    RawAdministration rate = new RawAdministration("n1", "pump-1", null, "norepinephrine",
        AdministrationRecord.Kind.RATE, 8.0, "ug/min", NOW, Source.MQTT, null);
    AdministrationRecord r = normaliser.administration(rate);
    assertThat(r.unit()).isEqualTo("ug/kg/min");
    assertThat(r.amount()).isCloseTo(0.1, within(1e-12));
  }
}
