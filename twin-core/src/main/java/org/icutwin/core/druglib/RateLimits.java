package org.icutwin.core.druglib;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Limits for a continuous dose rate, the largest change allowed in one titration step, and the
 * pump's programming increment.
 *
 * @param limits hard and soft limits in the rate's unit
 * @param maxChangePerStep largest |new rate - old rate| in one step, in the same unit, > 0 when present
 * @param increment the smallest step a pump can be programmed in, in the same unit (e.g. 0.1 [iU]/h,
 *     0.01 ug/kg/min), > 0 when present: a controller's rate is delivered as a multiple of it
 * @param safeDirection which way the rate may change without a trusted prediction (empty: the safety
 *     envelope's own configuration decides, see docs/safety.md)
 */
public record RateLimits(DoseLimits limits, OptionalDouble maxChangePerStep, OptionalDouble increment,
    java.util.Optional<SafeDirection> safeDirection) {

    public RateLimits {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(maxChangePerStep, "maxChangePerStep: use OptionalDouble.empty() for no limit");
        Objects.requireNonNull(increment, "increment: use OptionalDouble.empty() for none");
        Objects.requireNonNull(safeDirection, "safeDirection: use Optional.empty() for none stated");
        maxChangePerStep.ifPresent(step -> {
            if (!Double.isFinite(step) || step <= 0) {
                throw new IllegalArgumentException("maxChangePerStep " + step + " must be finite and greater than 0");
            }
        });
        increment.ifPresent(inc -> {
            if (!Double.isFinite(inc) || inc <= 0) {
                throw new IllegalArgumentException("increment " + inc + " must be finite and greater than 0");
            }
        });
    }

    /** Limits that state no safe direction. */
    public RateLimits(DoseLimits limits, OptionalDouble maxChangePerStep, OptionalDouble increment) {
        this(limits, maxChangePerStep, increment, java.util.Optional.empty());
    }

    /** Limits without a programming increment. */
    public RateLimits(DoseLimits limits, OptionalDouble maxChangePerStep) {
        this(limits, maxChangePerStep, OptionalDouble.empty());
    }

    /**
     * The multiples of {@link #increment()} just below and just above {@code rate} (the same value
     * twice when the rate is a multiple, to within 1e-9 of the increment), each the double nearest
     * the decimal product, so 3 × 0.1 is 0.3 and not 0.30000000000000004. Without an increment, the
     * rate twice.
     */
    public double[] gridNeighbours(double rate) {
        if (increment.isEmpty() || !Double.isFinite(rate)) {
            return new double[] {rate, rate};
        }
        java.math.BigDecimal inc = java.math.BigDecimal.valueOf(increment.getAsDouble());
        double k = rate / increment.getAsDouble();
        double nearest = Math.rint(k);
        if (Math.abs(k - nearest) <= 1e-9) {
            double v = inc.multiply(java.math.BigDecimal.valueOf(nearest)).doubleValue();
            return new double[] {v, v};
        }
        return new double[] {inc.multiply(java.math.BigDecimal.valueOf(Math.floor(k))).doubleValue(),
            inc.multiply(java.math.BigDecimal.valueOf(Math.ceil(k))).doubleValue()};
    }

    /** The UCUM unit of the rate and of {@link #maxChangePerStep()}. */
    public String unit() {
        return limits.unit();
    }

    /** Classifies a rate in {@link #unit()}. */
    public LimitCheck check(double rate) {
        return limits.check(rate);
    }

    /** True when going from the current to the proposed rate stays within {@link #maxChangePerStep()}. */
    public boolean isChangeWithinStep(double currentRate, double proposedRate) {
        if (!Double.isFinite(currentRate) || !Double.isFinite(proposedRate)) {
            throw new IllegalArgumentException("rates must be finite: " + currentRate + " -> " + proposedRate);
        }
        return maxChangePerStep.isEmpty() || Math.abs(proposedRate - currentRate) <= maxChangePerStep.getAsDouble();
    }
}
