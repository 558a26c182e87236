package org.icutwin.server.twin.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * An admission.
 *
 * @param patientId the hospital's patient id (letters, digits, {@code -_.}, at most 64)
 * @param bed bed label
 * @param model the twin: a model id ({@code bergman-insulin}, {@code norepinephrine-map},
 *     {@code vancomycin-goti2018}) or its drug ({@code insulin}, {@code norepinephrine}, {@code vancomycin})
 * @param careArea drug library care area, e.g. {@code adult-icu}
 * @param covariates what the model needs; none is defaulted
 * @param initialValue the controlled quantity at admission, when known (glucose mmol/L, MAP mm[Hg])
 * @param targetBand the target band, when not the default
 * @param admittedAt the twin's time origin (default: now)
 */
@Serdeable
public record AdmitRequest(String patientId, @Nullable String bed, String model, String careArea,
    Covariates covariates, @Nullable Double initialValue, @Nullable TargetBand targetBand,
    @Nullable Instant admittedAt) {

  /** Covariates; units in the names. */
  @Serdeable
  public record Covariates(@Nullable Double weightKg, @Nullable Double heightCm, @Nullable Double ageYears,
      @Nullable String sex, @Nullable Double creatinineClearanceMlPerMin, @Nullable Boolean diabetic,
      @Nullable Boolean haemodialysis) {
  }

  @Serdeable
  public record TargetBand(double low, double high) {
  }
}
