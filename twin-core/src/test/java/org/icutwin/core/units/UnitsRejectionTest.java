package org.icutwin.core.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.icutwin.core.units.UnitException.Reason;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Every refusal, by reason: the twin never guesses what a unit or a missing fact means. */
class UnitsRejectionTest {

    @Test
    void nullUnitIsMissing() {
        UnitException e = catchThrowableOfType(UnitException.class, () -> Units.normalise(null));
        assertThat(e.reason()).isEqualTo(Reason.MISSING);
        assertThat(e.unit()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void emptyUnitIsRefusedAlthoughUcumReadsItAsOne(String unit) {
        UnitException e = catchThrowableOfType(UnitException.class, () -> Units.normalise(unit));
        assertThat(e.reason()).isEqualTo(Reason.EMPTY);
        assertThat(e).hasMessage("unit is empty");
        assertThat(Units.hasDimension(unit, Dimension.FRACTION)).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "mmHg; mm[Hg]", "mcg/kg/min; ug/kg/min", "bpm; /min", "IU/h; [iU]/h", "units/h; [iU]/h",
        "degC; Cel", "°C; Cel", "mL/hr; mL/h", "cc; mL", "MG/DL; mg/dL", "mcg; ug"})
    void nonUcumSpellingIsRefusedWithSuggestion(String unit, String suggestion) {
        UnitException e = catchThrowableOfType(UnitException.class, () -> Units.normalise(unit));
        assertThat(e.reason()).isEqualTo(Reason.NOT_UCUM);
        assertThat(e.unit()).isEqualTo(unit);
        assertThat(e.getMessage()).contains("'" + unit + "'").contains("did you mean '" + suggestion + "'");
    }

    @Test
    void unknownUnitWithoutKnownFixNamesTheUnit() {
        UnitException e = catchThrowableOfType(UnitException.class, () -> Units.normalise("furlongs/fortnight"));
        assertThat(e.reason()).isEqualTo(Reason.NOT_UCUM);
        assertThat(e.getMessage()).startsWith("unit 'furlongs/fortnight' is not UCUM").doesNotContain("did you mean");
    }

    @Test
    void requireDimensionOnNonUcumUnitNamesTheExpectedDimension() {
        UnitException e = catchThrowableOfType(UnitException.class,
                () -> Units.requireDimension("mmHg", Dimension.PRESSURE));
        assertThat(e.reason()).isEqualTo(Reason.NOT_UCUM);
        assertThat(e.expected()).contains(Dimension.PRESSURE);
        assertThat(e.getMessage()).contains("mm[Hg]").contains("expected a pressure");
    }

    @Test
    void volumeRateIsNotAMassRate() {
        UnitException e = catchThrowableOfType(UnitException.class,
                () -> Units.requireDimension("mL/h", Dimension.MASS_RATE));
        assertThat(e.reason()).isEqualTo(Reason.WRONG_DIMENSION);
        assertThat(e.expected()).contains(Dimension.MASS_RATE);
        assertThat(e).hasMessage("unit 'mL/h' is a volume rate, expected a mass rate (e.g. mg/h)");
    }

    /** Pairs that UCUM alone would call comparable (same canonical units), in both directions. */
    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "/min; MASS_RATE_PER_WEIGHT", "ug/kg/min; FREQUENCY",
        "/min; INTERNATIONAL_UNITS_RATE", "[iU]/h; FREQUENCY", "U/h; FREQUENCY",
        "ug/kg/min; INTERNATIONAL_UNITS_RATE", "[iU]/h; MASS_RATE_PER_WEIGHT",
        "%; MASS_PER_WEIGHT", "mg/kg; FRACTION",
        "10*9/L; MOLAR_CONCENTRATION", "mmol/L; MASS_CONCENTRATION",
        "mL/h; MASS_RATE", "mg/h; VOLUME_RATE",
        "kat; FREQUENCY", "meq/L; MOLAR_CONCENTRATION", "[arb'U]/h; INTERNATIONAL_UNITS_RATE"})
    void canonicallyEqualButDifferentKindsAreRefused(String unit, Dimension expected) {
        assertThat(Units.hasDimension(unit, expected)).isFalse();
        UnitException e = catchThrowableOfType(UnitException.class, () -> Units.requireDimension(unit, expected));
        assertThat(e.reason()).isEqualTo(Reason.WRONG_DIMENSION);
        assertThat(e.expected()).contains(expected);
        assertThat(e.getMessage()).contains("'" + unit + "'").contains(expected.describe());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "/min; ug/kg/min", "ug/kg/min; /min", "/min; [iU]/h", "[iU]/h; /min", "U/h; U/min/kg/min",
        "%; mg/kg", "mg/kg; %", "10*9/L; mmol/L", "mmol/L; 10*9/L", "mL/h; mg/h", "U/h; mg/h",
        "ug/kg/min; [iU]/h", "mg/dL; mmol/h"})
    void conversionAcrossDimensionsIsRefused(String from, String to) {
        ConversionContext everything = ConversionContext.bodyWeight(70).withMolarMass(180.16);
        UnitException e = catchThrowableOfType(UnitException.class, () -> Units.convert(1, from, to, everything));
        assertThat(e.reason()).isEqualTo(Reason.WRONG_DIMENSION);
        assertThat(e.getMessage()).contains("'" + from + "'").contains("'" + to + "'");
    }

    @Test
    void weightBasedConversionWithoutWeightIsRefused() {
        UnitException e = catchThrowableOfType(UnitException.class, () -> Units.convert(0.1, "ug/kg/min", "mg/h"));
        assertThat(e.reason()).isEqualTo(Reason.NEEDS_BODY_WEIGHT);
        assertThat(e.expected()).contains(Dimension.MASS_RATE);
        assertThat(e.getMessage()).contains("body weight");
        assertThatThrownBy(() -> Units.convert(8, "ug/min", "ug/kg/min", Substance.GLUCOSE.context()))
                .isInstanceOfSatisfying(UnitException.class, x -> assertThat(x.reason()).isEqualTo(Reason.NEEDS_BODY_WEIGHT));
    }

    @Test
    void massToMolesWithoutMolarMassIsRefused() {
        UnitException e = catchThrowableOfType(UnitException.class,
                () -> Units.convert(100, "mg/dL", "mmol/L", ConversionContext.bodyWeight(70)));
        assertThat(e.reason()).isEqualTo(Reason.NEEDS_MOLAR_MASS);
        assertThat(e.expected()).contains(Dimension.MOLAR_CONCENTRATION);
        assertThat(e.getMessage()).contains("molar mass");
        assertThatThrownBy(() -> Units.convert(5, "mmol/L", "mg/dL"))
                .isInstanceOfSatisfying(UnitException.class, x -> assertThat(x.reason()).isEqualTo(Reason.NEEDS_MOLAR_MASS));
    }

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void nonFiniteValuesAreRefused(double value) {
        UnitException e = catchThrowableOfType(UnitException.class, () -> Units.convert(value, "mg", "g"));
        assertThat(e.reason()).isEqualTo(Reason.NOT_FINITE);
        assertThat(catchThrowableOfType(UnitException.class, () -> new Quantity(value, "mg")).reason())
                .isEqualTo(Reason.NOT_FINITE);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, -70.0, 500.01, 80_000.0, Double.NaN, Double.POSITIVE_INFINITY})
    void bodyWeightOutsideZeroToFiveHundredKgIsRefused(double kg) {
        UnitException e = catchThrowableOfType(UnitException.class, () -> ConversionContext.bodyWeight(kg));
        assertThat(e.reason()).isEqualTo(Reason.BODY_WEIGHT_OUT_OF_RANGE);
        assertThat(e.getMessage()).contains("body weight");
        assertThat(catchThrowableOfType(UnitException.class,
                () -> ConversionContext.molarMass(180.16).withBodyWeight(kg)).reason())
                .isEqualTo(Reason.BODY_WEIGHT_OUT_OF_RANGE);
    }

    @Test
    void bodyWeightBoundsAreInclusiveOfFiveHundred() {
        assertThat(ConversionContext.bodyWeight(500).bodyWeightKg()).hasValue(500.0);
        assertThat(ConversionContext.bodyWeight(0.4).bodyWeightKg()).hasValue(0.4);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, -180.16, Double.NaN, Double.POSITIVE_INFINITY})
    void molarMassMustBePositiveAndFinite(double gramsPerMole) {
        UnitException e = catchThrowableOfType(UnitException.class, () -> ConversionContext.molarMass(gramsPerMole));
        assertThat(e.reason()).isEqualTo(Reason.INVALID_MOLAR_MASS);
        assertThat(catchThrowableOfType(UnitException.class, () -> new Substance("x", gramsPerMole)).reason())
                .isEqualTo(Reason.INVALID_MOLAR_MASS);
    }

    @Test
    void specialUnitInsideAnExpressionIsUnsupported() {
        UnitException e = catchThrowableOfType(UnitException.class, () -> Units.convert(1, "Cel/h", "K/h"));
        assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED);
        assertThat(e.getMessage()).contains("Cel/h");
    }

    @Test
    void temperatureIsNotConvertibleToOtherDimensions() {
        UnitException e = catchThrowableOfType(UnitException.class, () -> Units.convert(37, "Cel", "mm[Hg]"));
        assertThat(e.reason()).isEqualTo(Reason.WRONG_DIMENSION);
    }
}
