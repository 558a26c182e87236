package org.icutwin.core.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Conversions the ICU relies on, each checked against a value worked out by hand. */
class UnitsConversionTest {

    private static final ConversionContext GLUCOSE = Substance.GLUCOSE.context();

    @Test
    void glucoseMassToMolarUsesMolarMass180_16() {
        // 180.16 mg/dL = 1801.6 mg/L = 1801.6 / 180.16 mmol/L = 10 mmol/L
        assertThat(Units.convert(180.16, "mg/dL", "mmol/L", GLUCOSE)).isCloseTo(10.0, within(1e-12));
        assertThat(Units.convert(100, "mg/dL", "mmol/L", GLUCOSE)).isCloseTo(5.551, within(5e-4));
    }

    @Test
    void glucoseMolarToMass() {
        assertThat(Units.convert(10.0, "mmol/L", "mg/dL", GLUCOSE)).isCloseTo(180.16, within(1e-10));
        assertThat(Units.convert(1.0, "mmol/L", "mg/dL", GLUCOSE)).isCloseTo(18.016, within(1e-12));
    }

    @Test
    void insulinUnitsPerHourToMilliUnitsPerMinute() {
        // 6 U/h = 6000 mU / 60 min = 100 mU/min
        assertThat(Units.convert(6, "U/h", "mU/min")).isCloseTo(100.0, within(1e-9));
        assertThat(Units.convert(100, "mU/min", "U/h")).isCloseTo(6.0, within(1e-12));
    }

    @Test
    void insulinAliasIsTheSameAsInternationalUnits() {
        assertThat(Units.normalise("U/h")).isEqualTo("[iU]/h");
        assertThat(Units.normalise(" mU/min ")).isEqualTo("m[iU]/min");
        assertThat(Units.convert(6, "U/h", "[iU]/h")).isCloseTo(6.0, within(1e-12));
        assertThat(Units.convert(6, "[IU]/h", "U/h")).isCloseTo(6.0, within(1e-12));
        assertThat(Units.hasDimension("U/h", Dimension.INTERNATIONAL_UNITS_RATE)).isTrue();
        assertThat(new Quantity(6, "U/h").unit()).isEqualTo("[iU]/h");
    }

    @Test
    void aliasTouchesOnlyStandaloneU() {
        assertThat(Units.normalise("[iU]/kg")).isEqualTo("[iU]/kg");
        assertThat(Units.normalise("U/kg/h")).isEqualTo("[iU]/kg/h");
        assertThat(Units.normalise("(U/h)/kg")).isEqualTo("([iU]/h)/kg");
        // kU keeps its UCUM meaning (kilo enzyme units, mole-based): not an international unit rate.
        assertThat(Units.hasDimension("kU/h", Dimension.INTERNATIONAL_UNITS_RATE)).isFalse();
    }

    @Test
    void weightBasedRateToAbsoluteRate() {
        ConversionContext adult = ConversionContext.bodyWeight(80);
        // 0.1 ug/kg/min x 80 kg = 8 ug/min = 480 ug/h = 0.48 mg/h
        assertThat(Units.convert(0.1, "ug/kg/min", "ug/min", adult)).isCloseTo(8.0, within(1e-12));
        assertThat(Units.convert(0.1, "ug/kg/min", "mg/h", adult)).isCloseTo(0.48, within(1e-12));
        assertThat(Units.convert(0.48, "mg/h", "ug/kg/min", adult)).isCloseTo(0.1, within(1e-12));
        assertThat(Units.convert(8, "ug/min", "ug/kg/min", adult)).isCloseTo(0.1, within(1e-12));
    }

    @Test
    void weightBasedRateBetweenPerWeightUnitsNeedsNoWeight() {
        // 1 mg/kg/h = 1000 ug/kg / 60 min
        assertThat(Units.convert(1, "mg/kg/h", "ug/kg/min")).isCloseTo(1000.0 / 60.0, within(1e-9));
        assertThat(Units.convert(2, "mg/kg", "ug/kg")).isCloseTo(2000.0, within(1e-9));
    }

    @Test
    void massConcentrations() {
        assertThat(Units.convert(15, "mg/L", "ug/mL")).isCloseTo(15.0, within(1e-12));
        assertThat(Units.convert(15, "ug/mL", "mg/L")).isCloseTo(15.0, within(1e-12));
        assertThat(Units.convert(100, "mg/dl", "g/L")).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void pressureMillimetresOfMercuryAndKilopascal() {
        // UCUM defines mm[Hg] through 13.5951 m[H2O] x 9.80665 kPa/m[H2O]: 0.1333224 kPa; the library keeps
        // six significant figures of that definition (0.133322).
        assertThat(Units.convert(65, "mm[Hg]", "kPa")).isCloseTo(8.666, within(1e-3));
        assertThat(Units.convert(1, "mm[Hg]", "kPa")).isCloseTo(0.1333224, within(1e-6));
        assertThat(Units.convert(8.666, "kPa", "mm[Hg]")).isCloseTo(65.0, within(1e-2));
    }

    @Test
    void temperaturesAreAffine() {
        assertThat(Units.convert(37, "Cel", "[degF]")).isCloseTo(98.6, within(1e-9));
        assertThat(Units.convert(98.6, "[degF]", "Cel")).isCloseTo(37.0, within(1e-9));
        assertThat(Units.convert(37, "Cel", "K")).isCloseTo(310.15, within(1e-9));
        assertThat(Units.convert(310.15, "K", "Cel")).isCloseTo(37.0, within(1e-9));
        assertThat(Units.convert(-40, "[degF]", "Cel")).isCloseTo(-40.0, within(1e-9));
        assertThat(Units.convert(0, "K", "[degF]")).isCloseTo(-459.67, within(1e-9));
        assertThat(Units.hasDimension("Cel", Dimension.TEMPERATURE)).isTrue();
        assertThat(Units.hasDimension("K", Dimension.TEMPERATURE)).isTrue();
    }

    @Test
    void volumeRates() {
        assertThat(Units.convert(6, "L/h", "L/min")).isCloseTo(0.1, within(1e-12));
        assertThat(Units.convert(0.1, "L/min", "L/h")).isCloseTo(6.0, within(1e-12));
        assertThat(Units.convert(1, "L/h", "mL/min")).isCloseTo(1000.0 / 60.0, within(1e-9));
    }

    @Test
    void quantityConvertsAndChecksDimension() {
        Quantity dose = new Quantity(0.1, "ug/kg/min").requireDimension(Dimension.MASS_RATE_PER_WEIGHT);
        Quantity absolute = dose.to("mg/h", ConversionContext.bodyWeight(80));
        assertThat(absolute.unit()).isEqualTo("mg/h");
        assertThat(absolute.value()).isCloseTo(0.48, within(1e-12));
        assertThat(new Quantity(1, "g").to("mg").value()).isCloseTo(1000.0, within(1e-9));
    }

    @Test
    void dimensionOfKnownUnits() {
        assertThat(Units.dimensionOf("ug/kg/min")).contains(Dimension.MASS_RATE_PER_WEIGHT);
        assertThat(Units.dimensionOf("/min")).contains(Dimension.FREQUENCY);
        assertThat(Units.dimensionOf("U/h")).contains(Dimension.INTERNATIONAL_UNITS_RATE);
        assertThat(Units.dimensionOf("mmol/L")).contains(Dimension.MOLAR_CONCENTRATION);
        assertThat(Units.dimensionOf("mg.h/L")).contains(Dimension.MASS_TIME_PER_VOLUME);
        assertThat(Units.dimensionOf("10*9/L")).contains(Dimension.NUMBER_CONCENTRATION);
        assertThat(Units.dimensionOf("kat")).contains(Dimension.MOLAR_RATE);
        assertThat(Units.dimensionOf("meq/L")).isEmpty();
    }

    @Test
    void concurrentConversionsAgreeWithSequentialOnes() {
        String[][] pairs = {{"mg/dL", "mmol/L"}, {"U/h", "mU/min"}, {"ug/kg/min", "mg/h"}, {"mm[Hg]", "kPa"},
            {"L/h", "mL/min"}, {"Cel", "[degF]"}, {"mg/kg/h", "ug/kg/min"}, {"g", "ug"}};
        ConversionContext context = ConversionContext.bodyWeight(70).withMolarMass(180.16);
        double[] expected = java.util.Arrays.stream(pairs).mapToDouble(p -> Units.convert(3.7, p[0], p[1], context)).toArray();
        double[] parallel = java.util.stream.IntStream.range(0, 4_000).parallel()
                .mapToDouble(i -> Units.convert(3.7, pairs[i % pairs.length][0], pairs[i % pairs.length][1], context)
                        - expected[i % pairs.length])
                .toArray();
        assertThat(parallel).containsOnly(0.0);
    }

    @Test
    void everyDimensionReferenceUnitHasItsOwnSignature() {
        for (Dimension d : Dimension.values()) {
            assertThat(Units.dimensionOf(d.referenceUnit())).as(d.name()).contains(d);
        }
    }

    /**
     * ucum-java 1.0.10 drops the carry when a high-precision result rounds up across a power of
     * ten (0.99…9 → 0.1000): these conversions came out ten times too small before the fix.
     */
    @Test
    void conversionsWhoseExactFactorIsAPowerOfTenSurviveTheLibraryCarryBug() {
        assertThat(Units.convert(1000, "mU", "(mU/min).min")).isCloseTo(1000, within(1e-9));
        assertThat(Units.convert(250, "[iU]", "(mU/min).min")).isCloseTo(250_000, within(1e-6));
        assertThat(Units.convert(5, "mg", "(mg/h).h")).isCloseTo(5, within(1e-12));
        assertThat(Units.convert(2, "ug", "(mg/min).min")).isCloseTo(0.002, within(1e-15));
        assertThat(Units.convert(1, "L/h", "L/min")).isCloseTo(1.0 / 60, within(1e-15));
        assertThat(Units.convert(60, "mL/h", "mL/min")).isCloseTo(1.0, within(1e-12));
    }
}
