package org.icutwin.core.druglib;

import java.util.Optional;
import java.util.OptionalDouble;
import org.icutwin.core.units.ConversionContext;
import org.icutwin.core.units.Quantity;
import org.icutwin.core.units.Units;

/**
 * Hard and soft limits for a dose or dose rate in one UCUM unit; an absent limit means "no limit
 * of that kind", never 0.
 *
 * <p>Invariants: every limit finite and >= 0; hardMin <= softMin <= softMax <= hardMax for the
 * limits present.
 *
 * @param unit the UCUM unit all four limits are expressed in (normalised)
 */
public record DoseLimits(String unit, OptionalDouble hardMin, OptionalDouble softMin, OptionalDouble softMax,
        OptionalDouble hardMax) {

    /** A broken invariant, with the name of the limit that breaks it. */
    record Violation(String field, String message) {
    }

    public DoseLimits {
        unit = Units.normalise(unit);
        findViolation(hardMin, softMin, softMax, hardMax).ifPresent(v -> {
            throw new IllegalArgumentException(v.field() + ": " + v.message());
        });
    }

    /** Classifies a value in {@link #unit()}; hard limits are checked first. */
    public LimitCheck check(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("value " + value + " " + unit + " is not finite");
        }
        if (hardMax.isPresent() && value > hardMax.getAsDouble()) {
            return LimitCheck.ABOVE_HARD_MAX;
        }
        if (hardMin.isPresent() && value < hardMin.getAsDouble()) {
            return LimitCheck.BELOW_HARD_MIN;
        }
        if (softMax.isPresent() && value > softMax.getAsDouble()) {
            return LimitCheck.ABOVE_SOFT_MAX;
        }
        if (softMin.isPresent() && value < softMin.getAsDouble()) {
            return LimitCheck.BELOW_SOFT_MIN;
        }
        return LimitCheck.WITHIN;
    }

    /** Classifies a quantity after converting it to {@link #unit()} (body weight from the context if needed). */
    public LimitCheck check(Quantity value, ConversionContext context) {
        return check(value.to(unit, context).value());
    }

    static Optional<Violation> findViolation(OptionalDouble hardMin, OptionalDouble softMin, OptionalDouble softMax,
            OptionalDouble hardMax) {
        String[] names = {"hardMin", "softMin", "softMax", "hardMax"};
        OptionalDouble[] limits = {hardMin, softMin, softMax, hardMax};
        for (int i = 0; i < limits.length; i++) {
            if (limits[i] == null) {
                throw new NullPointerException(names[i] + ": use OptionalDouble.empty() for no limit");
            }
            if (limits[i].isPresent()) {
                double v = limits[i].getAsDouble();
                if (!Double.isFinite(v)) {
                    return Optional.of(new Violation(names[i], names[i] + " " + v + " is not finite"));
                }
                if (v < 0) {
                    return Optional.of(new Violation(names[i], names[i] + " " + v + " is negative"));
                }
            }
        }
        // Order matters only for the message: each later limit is compared with every earlier one.
        for (int later = 1; later < limits.length; later++) {
            for (int earlier = 0; earlier < later; earlier++) {
                if (limits[earlier].isPresent() && limits[later].isPresent()
                        && limits[earlier].getAsDouble() > limits[later].getAsDouble()) {
                    return Optional.of(new Violation(names[later], names[earlier] + " " + limits[earlier].getAsDouble()
                            + " is above " + names[later] + " " + limits[later].getAsDouble()));
                }
            }
        }
        return Optional.empty();
    }
}
