package org.icutwin.core.model;

import java.util.Objects;

/**
 * One state variable of a model: its name, UCUM unit, physical bounds and a typical magnitude.
 *
 * <p>The bounds are physical (a concentration is never negative), not clinical plausibility
 * limits; those belong to the safety envelope. {@code scale} is the magnitude of a typical
 * value, used to sample the physical domain in tests and to scale estimator states so their
 * magnitudes are comparable.
 *
 * @param name unique name within the model, e.g. {@code "G"}
 * @param unit UCUM unit, e.g. {@code "mmol/L"}
 * @param lowerBound physical lower bound (may be {@code -Infinity})
 * @param upperBound physical upper bound (may be {@code +Infinity})
 * @param scale typical magnitude, finite and positive
 * @param description what the state means
 */
public record StateVariable(
    String name, String unit, double lowerBound, double upperBound, double scale, String description) {

  public StateVariable {
    ModelChecks.requireName(name, "state variable");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(description, "description");
    if (Double.isNaN(lowerBound) || Double.isNaN(upperBound) || lowerBound > upperBound) {
      throw new IllegalArgumentException(
          "state variable '" + name + "': bounds [" + lowerBound + ", " + upperBound + "] are not an interval");
    }
    if (!(scale > 0) || Double.isInfinite(scale)) {
      throw new IllegalArgumentException("state variable '" + name + "': scale must be finite and > 0, was " + scale);
    }
  }

  /** A state that cannot be negative (amounts, concentrations). */
  public static StateVariable nonNegative(String name, String unit, double scale, String description) {
    return new StateVariable(name, unit, 0.0, Double.POSITIVE_INFINITY, scale, description);
  }

  /** A state with no physical bound (e.g. remote insulin action, which is negative below basal). */
  public static StateVariable unbounded(String name, String unit, double scale, String description) {
    return new StateVariable(name, unit, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, scale, description);
  }

  /** Whether {@code value} lies within the physical bounds. */
  public boolean admits(double value) {
    return value >= lowerBound && value <= upperBound;
  }
}
