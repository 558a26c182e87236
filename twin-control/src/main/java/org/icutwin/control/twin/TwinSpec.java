package org.icutwin.control.twin;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.icutwin.core.model.Covariate;
import org.icutwin.core.model.Covariates;

/**
 * What an admission tells a twin.
 *
 * @param patientId the patient
 * @param kind model, drug and controlled quantity
 * @param careArea drug library care area, e.g. {@code adult-icu}
 * @param covariates weight, creatinine clearance, ...; those the kind requires must be present
 * @param admittedAt the twin's time origin; data before it are refused
 * @param initialValue the controlled quantity at admission when known (e.g. glucose mmol/L)
 * @param band target band in the controlled quantity's unit; empty for the kind's default
 */
public record TwinSpec(String patientId, TwinKind kind, String careArea, Covariates covariates, Instant admittedAt,
    OptionalDouble initialValue, Optional<Band> band) {

  /** A target band, low < high, in the controlled output's unit (vancomycin: AUC24 mg·h/L). */
  public record Band(double low, double high) {
    public Band {
      if (!(low < high) || !Double.isFinite(low) || !Double.isFinite(high)) {
        throw new IllegalArgumentException("target band needs finite low < high, got [" + low + ", " + high + "]");
      }
    }
  }

  public TwinSpec {
    Objects.requireNonNull(patientId, "patientId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(careArea, "careArea");
    Objects.requireNonNull(covariates, "covariates");
    Objects.requireNonNull(admittedAt, "admittedAt");
    Objects.requireNonNull(initialValue, "initialValue");
    Objects.requireNonNull(band, "band");
    for (Covariate c : kind.requiredCovariates()) {
      covariates.require(c, kind.modelId() + " twin");
    }
  }

  /** Body weight, kg (every kind requires it). */
  public double weightKg() {
    return covariates.require(Covariate.WEIGHT_KG, kind.modelId() + " twin");
  }

  /** Minutes on the twin's clock for an instant. */
  public double minutes(Instant t) {
    return (t.toEpochMilli() - admittedAt.toEpochMilli()) / 60_000.0;
  }

  /** The instant of a time on the twin's clock (minutes since admission), to the millisecond. */
  public Instant instant(double minutes) {
    return admittedAt.plusMillis(Math.round(minutes * 60_000.0));
  }
}
