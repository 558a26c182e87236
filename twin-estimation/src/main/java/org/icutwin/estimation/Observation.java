package org.icutwin.estimation;

import java.util.Objects;
import org.icutwin.core.model.NoiseModel;

/**
 * One measurement of a model output, in the output's unit, at its effective time (minutes).
 *
 * <p>Units are converted at the edge (gateway); the estimator sees the model's unit. A value
 * below the assay's limit of quantification is kept as a censored observation ({@link
 * Kind#BELOW_LOQ}, value = the LOQ), never as zero or as a number it is not.
 *
 * @param id unique id of the observation (e.g. the message id), for de-duplication
 * @param timeMin effective time of the sample, minutes on the twin's clock
 * @param measurement name of the model output, e.g. {@code "glucose"}
 * @param value measured value; for {@code BELOW_LOQ} the limit of quantification
 * @param kind a value, or a value below the limit of quantification
 * @param noise measurement error of this sensor (e.g. CGM 10%, laboratory 3-5%)
 * @param source the sensor, device or laboratory it came from
 */
public record Observation(String id, double timeMin, String measurement, double value, Kind kind, NoiseModel noise,
    String source) {

  /** Whether the value is a measurement or only known to be below the limit of quantification. */
  public enum Kind {
    VALUE,
    BELOW_LOQ
  }

  public Observation {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("observation needs an id");
    }
    if (!Double.isFinite(timeMin)) {
      throw new IllegalArgumentException("observation " + id + ": time must be finite, was " + timeMin);
    }
    Objects.requireNonNull(measurement, "measurement");
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("observation " + id + ": value must be finite, was " + value);
    }
    Objects.requireNonNull(kind, "kind");
    if (kind == Kind.BELOW_LOQ && !(value > 0)) {
      throw new IllegalArgumentException("observation " + id + ": limit of quantification must be > 0, was " + value);
    }
    Objects.requireNonNull(noise, "noise");
    Objects.requireNonNull(source, "source");
  }

  /** A measured value. */
  public static Observation of(String id, double timeMin, String measurement, double value, NoiseModel noise, String source) {
    return new Observation(id, timeMin, measurement, value, Kind.VALUE, noise, source);
  }

  /** A sample whose concentration was below the limit of quantification {@code loq}. */
  public static Observation belowLoq(String id, double timeMin, String measurement, double loq, NoiseModel noise, String source) {
    return new Observation(id, timeMin, measurement, loq, Kind.BELOW_LOQ, noise, source);
  }
}
