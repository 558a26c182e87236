package org.icutwin.gateway.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.icutwin.core.druglib.DrugLibraryEntry;
import org.icutwin.core.units.ConversionContext;
import org.icutwin.core.units.Substance;
import org.icutwin.core.units.UnitException;
import org.icutwin.core.units.Units;

/**
 * Turns what a parser read (MQTT JSON or FHIR) into a normalised {@link IngestItem}, or refuses it
 * with one specific {@link RejectReason}. One place for every check both paths share: message id,
 * device and binding, patient, time skew, finiteness, code, UCUM unit and dimension, plausible
 * range. Pure apart from the directory ports; no protocol types.
 */
public final class Normaliser {

  /** Default allowance for device clocks running ahead of the server's. */
  public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofMinutes(2);

  private final CodeTable codes;
  private final DrugUnits drugs;
  private final DeviceDirectory devices;
  private final PatientDirectory patients;
  private final Clock clock;
  private final Duration maxFutureSkew;

  public Normaliser(CodeTable codes, DrugUnits drugs, DeviceDirectory devices, PatientDirectory patients, Clock clock,
      Duration maxFutureSkew) {
    this.codes = Objects.requireNonNull(codes, "codes");
    this.drugs = Objects.requireNonNull(drugs, "drugs");
    this.devices = Objects.requireNonNull(devices, "devices");
    this.patients = Objects.requireNonNull(patients, "patients");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.maxFutureSkew = Objects.requireNonNull(maxFutureSkew, "maxFutureSkew");
  }

  /** A measurement in canonical form, or a refusal. */
  public ObservationRecord observation(RawObservation raw) throws RejectedException {
    Instant received = clock.instant();
    String messageId = requireId(raw.messageId());
    Resolved who = resolve(raw.deviceId(), raw.patientId(), raw.effectiveTime(), received);
    if (raw.revision() == Revision.WITHDRAWAL) {
      return withdrawal(raw, messageId, who, received);
    }
    if (!Double.isFinite(raw.value())) {
      throw new RejectedException(RejectReason.NOT_FINITE, "value must be a finite number, was " + raw.value());
    }
    MeasurementCode meaning = meaning(raw);
    double value = toUnit(raw.value(), raw.unit(), meaning.canonicalUnit(), meaning.quantity(), OptionalDouble.empty());
    if (value < meaning.plausibleMin() || value > meaning.plausibleMax()) {
      throw new RejectedException(RejectReason.OUT_OF_RANGE, meaning.quantity() + " " + value + " "
          + meaning.canonicalUnit() + " is outside the plausible range [" + meaning.plausibleMin() + ", "
          + meaning.plausibleMax() + "] " + meaning.canonicalUnit());
    }
    String sensorClass = who.device().map(DeviceDirectory.Device::sensorClass).filter(Objects::nonNull)
        .orElse(meaning.sensorClass());
    String deviceId = raw.deviceId() != null ? raw.deviceId() : "unspecified";
    if (raw.revision() == Revision.CORRECTION) {
      String id = messageId + "#corrected:" + digest(meaning.code() + "|" + value + "|" + meaning.canonicalUnit() + "|"
          + raw.belowLoq() + "|" + raw.effectiveTime() + "|" + sensorClass);
      return new ObservationRecord(id, who.patient().patientId(), deviceId, meaning.code(), meaning.quantity(),
          sensorClass, value, meaning.canonicalUnit(), raw.belowLoq(), raw.value(), raw.unit(), raw.effectiveTime(),
          received, raw.source(), Revision.CORRECTION, messageId);
    }
    return new ObservationRecord(messageId, who.patient().patientId(), deviceId, meaning.code(), meaning.quantity(),
        sensorClass, value, meaning.canonicalUnit(), raw.belowLoq(), raw.value(), raw.unit(), raw.effectiveTime(),
        received, raw.source());
  }

  /**
   * A withdrawal (entered in error) of the result sent under {@code messageId}: it needs the code,
   * patient and time to reach the right twin, not a value (recorded as 0, never used).
   */
  private ObservationRecord withdrawal(RawObservation raw, String messageId, Resolved who, Instant received)
      throws RejectedException {
    MeasurementCode meaning = meaning(raw);
    String sensorClass = who.device().map(DeviceDirectory.Device::sensorClass).filter(Objects::nonNull)
        .orElse(meaning.sensorClass());
    String deviceId = raw.deviceId() != null ? raw.deviceId() : "unspecified";
    return new ObservationRecord(messageId + "#entered-in-error", who.patient().patientId(), deviceId, meaning.code(),
        meaning.quantity(), sensorClass, 0, meaning.canonicalUnit(), false, 0, meaning.canonicalUnit(),
        raw.effectiveTime(), received, raw.source(), Revision.WITHDRAWAL, messageId);
  }

  /** What the first known code among the observation's codes measures. */
  private MeasurementCode meaning(RawObservation raw) throws RejectedException {
    if (raw.codes() == null || raw.codes().isEmpty()) {
      throw new RejectedException(RejectReason.SCHEMA_VIOLATION, "observation has no code");
    }
    MeasurementCode meaning = raw.codes().stream().map(codes::lookup).flatMap(Optional::stream).findFirst()
        .orElseThrow(() -> new RejectedException(RejectReason.UNKNOWN_CODE, "no known code among " + raw.codes()
            + "; see docs/fhir.md for the code table"));
    return meaning;
  }

  /** The first 16 hex digits of the SHA-256 of {@code text}: tells distinct corrections of one result apart. */
  private static String digest(String text) {
    try {
      byte[] h = java.security.MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(h, 0, 8);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  /** A dose given, in the drug library's unit for the patient's care area, or a refusal. */
  public AdministrationRecord administration(RawAdministration raw) throws RejectedException {
    Instant received = clock.instant();
    String messageId = requireId(raw.messageId());
    Resolved who = resolve(raw.deviceId(), raw.patientId(), raw.effectiveTime(), received);
    if (raw.kind() == null) {
      throw new RejectedException(RejectReason.SCHEMA_VIOLATION, "administration needs a kind (rate or bolus)");
    }
    if (raw.revision() == Revision.WITHDRAWAL) {
      return doseWithdrawal(raw, messageId, who, received);
    }
    if (raw.revision() == Revision.CORRECTION) {
      throw new RejectedException(RejectReason.UNSUPPORTED_RESOURCE, "a dose is not corrected: withdraw it"
          + " (entered-in-error) and send the dose that was given under a new id");
    }
    if (!Double.isFinite(raw.amount())) {
      throw new RejectedException(RejectReason.NOT_FINITE, "amount must be a finite number, was " + raw.amount());
    }
    if (raw.amount() < 0) {
      throw new RejectedException(RejectReason.OUT_OF_RANGE, "amount must be >= 0, was " + raw.amount());
    }
    if (raw.drug() == null || raw.drug().isBlank()) {
      throw new RejectedException(RejectReason.SCHEMA_VIOLATION, "administration needs a drug");
    }
    if (!drugs.knows(raw.drug())) {
      throw new RejectedException(RejectReason.UNKNOWN_DRUG, "drug '" + raw.drug() + "' is not in the drug library");
    }
    String careArea = who.patient().careArea();
    DrugLibraryEntry entry = drugs.entry(raw.drug(), careArea).orElseThrow(() -> new RejectedException(
        RejectReason.UNKNOWN_DRUG, "drug '" + raw.drug() + "' has no drug library entry for care area " + careArea));
    String unit = DrugUnits.unitFor(entry, raw.kind()).orElseThrow(() -> new RejectedException(
        RejectReason.UNSUPPORTED_RESOURCE, "drug library entry " + entry.id() + " sets no limits for a "
            + raw.kind().name().toLowerCase(java.util.Locale.ROOT)));
    double amount = toUnit(raw.amount(), raw.unit(), unit, raw.drug(), who.patient().weightKg());
    OptionalDouble hardMax = DrugUnits.hardMaxFor(entry, raw.kind());
    if (hardMax.isPresent() && amount > hardMax.getAsDouble() * (1 + 1e-9)) {
      // A smart pump on this library cannot deliver it: most likely a slip in the amount or unit,
      // which would make the twin believe an overdose is running. The sender is told, not the twin.
      throw new RejectedException(RejectReason.OUT_OF_RANGE, raw.drug() + " " + (raw.kind() == AdministrationRecord.Kind.RATE
          ? "rate " : "dose ") + amount + " " + unit + " is above the drug library's hard maximum " + hardMax.getAsDouble()
          + " " + unit + " (entry " + entry.id() + "); check the amount and its unit");
    }
    String deviceId = raw.deviceId() != null ? raw.deviceId() : "manual";
    return new AdministrationRecord(messageId, who.patient().patientId(), deviceId, raw.drug(), raw.kind(), amount,
        unit, raw.amount(), raw.unit(), raw.effectiveTime(), received, raw.source(), raw.basedOn());
  }

  /**
   * A withdrawal (entered in error) of the dose sent under {@code messageId}: it needs the drug,
   * patient and time to reach the right twin, not an amount (recorded as 0, never used: the twin takes
   * back the dose it recorded).
   */
  private AdministrationRecord doseWithdrawal(RawAdministration raw, String messageId, Resolved who, Instant received)
      throws RejectedException {
    if (raw.drug() == null || raw.drug().isBlank()) {
      throw new RejectedException(RejectReason.SCHEMA_VIOLATION, "administration needs a drug");
    }
    if (!drugs.knows(raw.drug())) {
      throw new RejectedException(RejectReason.UNKNOWN_DRUG, "drug '" + raw.drug() + "' is not in the drug library");
    }
    String unit = drugs.entry(raw.drug(), who.patient().careArea()).flatMap(e -> DrugUnits.unitFor(e, raw.kind()))
        .orElse("1");
    String deviceId = raw.deviceId() != null ? raw.deviceId() : "manual";
    return new AdministrationRecord(messageId + "#entered-in-error", who.patient().patientId(), deviceId, raw.drug(),
        raw.kind(), 0, unit, 0, unit, raw.effectiveTime(), received, raw.source(), raw.basedOn(), Revision.WITHDRAWAL,
        messageId);
  }

  private record Resolved(Optional<DeviceDirectory.Device> device, PatientDirectory.Patient patient) {
  }

  private static String requireId(String messageId) throws RejectedException {
    if (messageId == null || messageId.isBlank()) {
      throw new RejectedException(RejectReason.SCHEMA_VIOLATION, "message id is missing");
    }
    if (messageId.length() > 128) {
      throw new RejectedException(RejectReason.SCHEMA_VIOLATION, "message id is longer than 128 characters");
    }
    return messageId;
  }

  private Resolved resolve(String deviceId, String patientId, Instant effective, Instant received)
      throws RejectedException {
    if (effective == null) {
      throw new RejectedException(RejectReason.SCHEMA_VIOLATION, "effective time is missing");
    }
    Optional<DeviceDirectory.Device> device = Optional.empty();
    String patient = patientId;
    if (deviceId != null) {
      device = devices.device(deviceId);
      if (device.isEmpty()) {
        throw new RejectedException(RejectReason.UNKNOWN_DEVICE, "device '" + deviceId + "' is not registered");
      }
      Optional<String> bound = devices.patientAt(deviceId, effective);
      if (bound.isEmpty()) {
        throw new RejectedException(RejectReason.DEVICE_NOT_BOUND, "device '" + deviceId
            + "' is bound to no admitted patient at " + effective);
      }
      if (patientId != null && !patientId.equals(bound.get())) {
        throw new RejectedException(RejectReason.DEVICE_MISMATCH, "device '" + deviceId + "' is bound to patient "
            + bound.get() + ", not to " + patientId);
      }
      patient = bound.get();
    } else if (patientId == null) {
      throw new RejectedException(RejectReason.SCHEMA_VIOLATION, "neither a device nor a patient is named");
    }
    String p = patient;
    PatientDirectory.Patient admitted = patients.admitted(p).orElseThrow(() -> new RejectedException(
        RejectReason.UNKNOWN_PATIENT, "patient '" + p + "' is not admitted"));
    if (effective.isAfter(received.plus(maxFutureSkew))) {
      throw new RejectedException(RejectReason.FUTURE_TIMESTAMP, "effective time " + effective
          + " is more than " + maxFutureSkew.toSeconds() + " s ahead of the server clock (" + received + ")");
    }
    return new Resolved(device, admitted);
  }

  private static double toUnit(double value, String unit, String target, String what, OptionalDouble weightKg)
      throws RejectedException {
    if (unit == null || unit.isBlank()) {
      throw new RejectedException(RejectReason.UNKNOWN_UNIT, "unit is missing; " + what + " needs a unit convertible to "
          + target);
    }
    try {
      String normalised = Units.normalise(unit);
      if (normalised.equals(target)) {
        return value;
      }
      ConversionContext context = new ConversionContext(weightKg,
          "glucose".equals(what) ? OptionalDouble.of(Substance.GLUCOSE.molarMassGramsPerMole()) : OptionalDouble.empty());
      return Units.convert(value, normalised, target, context);
    } catch (UnitException e) {
      RejectReason reason = switch (e.reason()) {
        case MISSING, EMPTY, NOT_UCUM -> RejectReason.UNKNOWN_UNIT;
        case NOT_FINITE -> RejectReason.NOT_FINITE;
        default -> RejectReason.WRONG_UNIT;
      };
      throw new RejectedException(reason, what + ": " + e.getMessage() + " (expected a unit convertible to " + target
          + ")");
    }
  }
}
