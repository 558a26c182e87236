package org.icutwin.core.units;

import java.util.Objects;
import java.util.Optional;

/**
 * A unit, value or conversion context that the twin refuses, with a typed reason.
 *
 * <p>Callers branch on {@link #reason()}; the message is for people and names the unit and,
 * where one was expected, the dimension.
 */
public final class UnitException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** Why a unit, value or context was refused. */
    public enum Reason {
        /** The unit string is null. */
        MISSING,
        /** The unit string is empty or blank (UCUM would read it as dimensionless "1"). */
        EMPTY,
        /** The unit is not valid UCUM (the message suggests a UCUM spelling when one is known). */
        NOT_UCUM,
        /** The unit is valid UCUM but uses a special unit the twin cannot convert in that position. */
        UNSUPPORTED,
        /** The unit measures something other than what was expected. */
        WRONG_DIMENSION,
        /** The conversion crosses per-body-weight and absolute units but no body weight was given. */
        NEEDS_BODY_WEIGHT,
        /** The conversion crosses mass and amount of substance but no molar mass was given. */
        NEEDS_MOLAR_MASS,
        /** A value is NaN or infinite. */
        NOT_FINITE,
        /** A body weight is outside (0, 500] kg. */
        BODY_WEIGHT_OUT_OF_RANGE,
        /** A molar mass is not finite and strictly positive. */
        INVALID_MOLAR_MASS
    }

    private final String unit;
    private final Dimension expected;
    private final Reason reason;

    UnitException(Reason reason, String unit, Dimension expected, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.unit = unit;
        this.expected = expected;
    }

    /** The unit as the caller gave it; null only when the caller gave null. */
    public String unit() {
        return unit;
    }

    /** The dimension the caller expected, when there was one. */
    public Optional<Dimension> expected() {
        return Optional.ofNullable(expected);
    }

    /** The typed reason for the refusal. */
    public Reason reason() {
        return reason;
    }
}
