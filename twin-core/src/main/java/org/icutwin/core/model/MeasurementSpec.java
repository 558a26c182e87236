package org.icutwin.core.model;

import java.util.Objects;

/**
 * A measurable output y = h(x, θ) of a model, with its unit and default noise model.
 *
 * <p>The noise model is the default for the quantity; an estimator may use a per-sensor noise
 * (e.g. CGM about 10%, laboratory glucose about 3-5%) for observations of the same output.
 *
 * @param name unique output name, e.g. {@code "glucose"}
 * @param unit UCUM unit of h
 * @param noise default measurement error model
 * @param description what is measured
 */
public record MeasurementSpec(String name, String unit, NoiseModel noise, String description) {
  public MeasurementSpec {
    ModelChecks.requireName(name, "measurement");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(noise, "noise");
    Objects.requireNonNull(description, "description");
  }
}
