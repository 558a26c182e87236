package org.icutwin.server.patient;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.OptionalDouble;

/**
 * A patient stay in the registry.
 *
 * @param patientId stay id
 * @param bed bed label, if given
 * @param modelId model catalog id, e.g. {@code bergman-insulin}
 * @param drug drug library id, e.g. {@code insulin}
 * @param careArea drug library care area, e.g. {@code adult-icu}
 * @param weightKg body weight in kg, if known
 * @param admittedAt admission time
 * @param admittedBy who admitted
 * @param dischargedAt discharge time, null while admitted
 */
@Serdeable
public record PatientRecord(String patientId, @Nullable String bed, String modelId, String drug, String careArea,
    @Nullable Double weightKg, Instant admittedAt, String admittedBy, @Nullable Instant dischargedAt) {

  public boolean admitted() {
    return dischargedAt == null;
  }

  public OptionalDouble weight() {
    return weightKg == null ? OptionalDouble.empty() : OptionalDouble.of(weightKg);
  }
}
