package org.icutwin.core.druglib;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Limits for a continuous dose rate plus the largest change allowed in one titration step.
 *
 * @param limits hard and soft limits in the rate's unit
 * @param maxChangePerStep largest |new rate - old rate| in one step, in the same unit, > 0 when present
 */
public record RateLimits(DoseLimits limits, OptionalDouble maxChangePerStep) {

    public RateLimits {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(maxChangePerStep, "maxChangePerStep: use OptionalDouble.empty() for no limit");
        maxChangePerStep.ifPresent(step -> {
            if (!Double.isFinite(step) || step <= 0) {
                throw new IllegalArgumentException("maxChangePerStep " + step + " must be finite and greater than 0");
            }
        });
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
