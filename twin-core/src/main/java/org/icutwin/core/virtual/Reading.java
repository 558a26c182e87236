package org.icutwin.core.virtual;

import java.util.EnumSet;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * One sensor reading: what a device or lab reports, plus the truth behind it for test assertions.
 *
 * <p>An estimator may use {@code output}, {@code timeMin}, {@code status} and {@link #value()} /
 * {@link #limit()}; {@code trueValue} and {@code artefacts} are test truth only.
 *
 * @param output name of the patient output measured (e.g. {@code "glucose"}, {@code "map"})
 * @param timeMin time the sample was taken (minutes)
 * @param status whether a value, a censoring limit or nothing was reported
 * @param reported the value (status VALUE), the limit (BELOW_LIMIT, ABOVE_LIMIT) or NaN (MISSING)
 * @param trueValue the patient's true value at {@code timeMin}, in the output's unit
 * @param artefacts what went wrong (empty for a clean reading)
 */
public record Reading(String output, double timeMin, Status status, double reported, double trueValue,
    Set<Artefact> artefacts) {

  /** What the device or lab reported. */
  public enum Status { VALUE, BELOW_LIMIT, ABOVE_LIMIT, MISSING }

  public Reading {
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(status, "status");
    if ((status == Status.MISSING) != Double.isNaN(reported)) {
      throw new IllegalArgumentException("a MISSING reading has no value and only a MISSING reading lacks one");
    }
    artefacts = artefacts.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(artefacts));
  }

  static Reading value(String output, double t, double value, double truth, Set<Artefact> artefacts) {
    return new Reading(output, t, Status.VALUE, value, truth, artefacts);
  }

  static Reading missing(String output, double t, double truth, Set<Artefact> artefacts) {
    return new Reading(output, t, Status.MISSING, Double.NaN, truth, artefacts);
  }

  /** The reported value, present only when status is VALUE. */
  public OptionalDouble value() {
    return status == Status.VALUE ? OptionalDouble.of(reported) : OptionalDouble.empty();
  }

  /** The censoring limit, present only when the value was reported below or above a limit. */
  public OptionalDouble limit() {
    return status == Status.BELOW_LIMIT || status == Status.ABOVE_LIMIT
        ? OptionalDouble.of(reported) : OptionalDouble.empty();
  }

  /** Whether any artefact affected this reading (test truth). */
  public boolean isArtefact() {
    return !artefacts.isEmpty();
  }
}
