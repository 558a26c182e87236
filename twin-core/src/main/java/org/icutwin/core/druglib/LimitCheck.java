package org.icutwin.core.druglib;

/**
 * Where a value falls against a set of {@link DoseLimits}; hard limits win over soft ones.
 *
 * <p>A hard limit is never exceedable; a soft limit may be exceeded only with a clinician's
 * documented reason. Values equal to a limit are within it.
 */
public enum LimitCheck {
    WITHIN,
    BELOW_SOFT_MIN,
    ABOVE_SOFT_MAX,
    BELOW_HARD_MIN,
    ABOVE_HARD_MAX;

    /** True for a hard-limit violation: the value must not be delivered. */
    public boolean isHardViolation() {
        return this == BELOW_HARD_MIN || this == ABOVE_HARD_MAX;
    }

    /** True for a soft-limit violation: deliverable only with a clinician's reason. */
    public boolean needsClinicianReason() {
        return this == BELOW_SOFT_MIN || this == ABOVE_SOFT_MAX;
    }
}
