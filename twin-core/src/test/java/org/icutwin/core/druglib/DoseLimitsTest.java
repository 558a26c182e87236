package org.icutwin.core.druglib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalDouble;
import org.icutwin.core.units.ConversionContext;
import org.icutwin.core.units.Quantity;
import org.icutwin.core.units.UnitException;
import org.junit.jupiter.api.Test;

/** Limit checks: one test per outcome, hard limits winning over soft ones, absent meaning no limit. */
class DoseLimitsTest {

    private static final DoseLimits NOREPINEPHRINE = new DoseLimits("ug/kg/min", OptionalDouble.of(0.0),
            OptionalDouble.of(0.02), OptionalDouble.of(1.0), OptionalDouble.of(3.0));

    @Test
    void withinAllLimitsIncludingTheBoundaries() {
        assertThat(NOREPINEPHRINE.check(0.5)).isEqualTo(LimitCheck.WITHIN);
        assertThat(NOREPINEPHRINE.check(1.0)).isEqualTo(LimitCheck.WITHIN);
        assertThat(NOREPINEPHRINE.check(0.02)).isEqualTo(LimitCheck.WITHIN);
    }

    @Test
    void aboveSoftMax() {
        assertThat(NOREPINEPHRINE.check(1.5)).isEqualTo(LimitCheck.ABOVE_SOFT_MAX);
        assertThat(LimitCheck.ABOVE_SOFT_MAX.needsClinicianReason()).isTrue();
        assertThat(LimitCheck.ABOVE_SOFT_MAX.isHardViolation()).isFalse();
    }

    @Test
    void belowSoftMin() {
        assertThat(NOREPINEPHRINE.check(0.01)).isEqualTo(LimitCheck.BELOW_SOFT_MIN);
    }

    @Test
    void aboveHardMaxWinsOverSoftMax() {
        assertThat(NOREPINEPHRINE.check(3.0001)).isEqualTo(LimitCheck.ABOVE_HARD_MAX);
        assertThat(LimitCheck.ABOVE_HARD_MAX.isHardViolation()).isTrue();
        assertThat(NOREPINEPHRINE.check(3.0)).isEqualTo(LimitCheck.ABOVE_SOFT_MAX);
    }

    @Test
    void belowHardMinWinsOverSoftMin() {
        assertThat(NOREPINEPHRINE.check(-0.01)).isEqualTo(LimitCheck.BELOW_HARD_MIN);
        assertThat(LimitCheck.BELOW_HARD_MIN.isHardViolation()).isTrue();
    }

    @Test
    void absentLimitsMeanNoLimitNotZero() {
        DoseLimits onlyHardMax = new DoseLimits("mg", OptionalDouble.empty(), OptionalDouble.empty(),
                OptionalDouble.empty(), OptionalDouble.of(100));
        assertThat(onlyHardMax.check(0)).isEqualTo(LimitCheck.WITHIN);
        assertThat(onlyHardMax.check(99)).isEqualTo(LimitCheck.WITHIN);
        assertThat(onlyHardMax.check(101)).isEqualTo(LimitCheck.ABOVE_HARD_MAX);
    }

    @Test
    void quantityIsConvertedToTheLimitUnitBeforeChecking() {
        // 4 ug/kg/min at 80 kg = 320 ug/min = 19.2 mg/h
        assertThat(NOREPINEPHRINE.check(new Quantity(19.2, "mg/h"), ConversionContext.bodyWeight(80)))
                .isEqualTo(LimitCheck.ABOVE_HARD_MAX);
        assertThatThrownBy(() -> NOREPINEPHRINE.check(new Quantity(19.2, "mg/h"), ConversionContext.none()))
                .isInstanceOfSatisfying(UnitException.class,
                        e -> assertThat(e.reason()).isEqualTo(UnitException.Reason.NEEDS_BODY_WEIGHT));
        assertThatThrownBy(() -> NOREPINEPHRINE.check(new Quantity(5, "mL/h"), ConversionContext.bodyWeight(80)))
                .isInstanceOfSatisfying(UnitException.class,
                        e -> assertThat(e.reason()).isEqualTo(UnitException.Reason.WRONG_DIMENSION));
    }

    @Test
    void nonFiniteValueIsRefusedNotClassified() {
        assertThatThrownBy(() -> NOREPINEPHRINE.check(Double.NaN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NaN");
    }

    @Test
    void inconsistentLimitsAreRefusedAtConstruction() {
        assertThatThrownBy(() -> new DoseLimits("mg", OptionalDouble.empty(), OptionalDouble.empty(),
                OptionalDouble.of(5), OptionalDouble.of(3))).hasMessage("hardMax: softMax 5.0 is above hardMax 3.0");
        assertThatThrownBy(() -> new DoseLimits("mg", OptionalDouble.of(-1), OptionalDouble.empty(),
                OptionalDouble.empty(), OptionalDouble.of(3))).hasMessage("hardMin: hardMin -1.0 is negative");
    }

    @Test
    void rateStepLimit() {
        RateLimits rate = new RateLimits(NOREPINEPHRINE, OptionalDouble.of(0.1));
        assertThat(rate.isChangeWithinStep(0.2, 0.3)).isTrue();
        assertThat(rate.isChangeWithinStep(0.3, 0.15)).isFalse();
        assertThat(new RateLimits(NOREPINEPHRINE, OptionalDouble.empty()).isChangeWithinStep(0, 3)).isTrue();
        assertThatThrownBy(() -> new RateLimits(NOREPINEPHRINE, OptionalDouble.of(0)))
                .hasMessageContaining("maxChangePerStep");
    }

    @Test
    void gridNeighboursAreDecimalMultiplesOfTheIncrement() {
        RateLimits rate = new RateLimits(NOREPINEPHRINE, OptionalDouble.of(0.1), OptionalDouble.of(0.01));
        assertThat(rate.gridNeighbours(0.1573)).containsExactly(0.15, 0.16);
        // 0.05000000000000001 (3.5 ug/min / 70 kg after a round trip) is a multiple: returned exactly.
        assertThat(rate.gridNeighbours(0.05000000000000001)).containsExactly(0.05, 0.05);
        assertThat(rate.gridNeighbours(0.0)).containsExactly(0.0, 0.0);
        RateLimits insulin = new RateLimits(NOREPINEPHRINE, OptionalDouble.empty(), OptionalDouble.of(0.1));
        assertThat(insulin.gridNeighbours(0.30000000000000004)).containsExactly(0.3, 0.3);
        assertThat(insulin.gridNeighbours(5.999999999999999)).containsExactly(6.0, 6.0);
        assertThat(insulin.gridNeighbours(2.34)).containsExactly(2.3, 2.4);
        assertThat(new RateLimits(NOREPINEPHRINE, OptionalDouble.empty()).gridNeighbours(0.1573))
                .containsExactly(0.1573, 0.1573);
        assertThatThrownBy(() -> new RateLimits(NOREPINEPHRINE, OptionalDouble.empty(), OptionalDouble.of(-1)))
                .hasMessageContaining("increment");
    }
}
