package org.icutwin.core.model;

import java.util.Objects;

/**
 * An input of a model: a piecewise-constant rate (an infusion, glucose appearance) or an
 * instantaneous amount (a bolus, applied as a jump of the state).
 *
 * @param name unique among the model's inputs of the same kind, e.g. {@code "insulin_iv"}
 * @param unit UCUM unit of the rate ({@code mU/min}) or of the amount ({@code mU})
 * @param description what enters where
 */
public record InputChannel(String name, String unit, String description) {
  public InputChannel {
    ModelChecks.requireName(name, "input channel");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(description, "description");
  }
}
