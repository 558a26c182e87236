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
 * @param lateWindowMin how late (minutes before the twin's newest item) a reading or dose may arrive and
 *     still be filtered in time order, at most {@link #MAX_LATE_WINDOW_MIN}; empty for the estimation
 *     default (30 min, {@code TimelineConfig.defaults()}). A laboratory glucose reported an hour after
 *     the draw needs more than 30 min. Twins without a filter timeline (vancomycin) ignore it.
 */
public record TwinSpec(String patientId, TwinKind kind, String careArea, Covariates covariates, Instant admittedAt,
    OptionalDouble initialValue, Optional<Band> band, OptionalDouble lateWindowMin) {

  /**
   * The longest late window a twin takes: one day. The timeline keeps a posterior checkpoint per
   * item inside the window, so the window bounds a twin's memory.
   */
  public static final double MAX_LATE_WINDOW_MIN = 24 * 60;

  /** A spec with the default late window. */
  public TwinSpec(String patientId, TwinKind kind, String careArea, Covariates covariates, Instant admittedAt,
      OptionalDouble initialValue, Optional<Band> band) {
    this(patientId, kind, careArea, covariates, admittedAt, initialValue, band, OptionalDouble.empty());
  }

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
    Objects.requireNonNull(lateWindowMin, "lateWindowMin");
    if (lateWindowMin.isPresent()
        && !(lateWindowMin.getAsDouble() >= 0 && lateWindowMin.getAsDouble() <= MAX_LATE_WINDOW_MIN)) {
      throw new IllegalArgumentException("late window must be within [0, " + MAX_LATE_WINDOW_MIN + "] min, was "
          + lateWindowMin.getAsDouble());
    }
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
