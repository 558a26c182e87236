package org.icutwin.core.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Converting there and back returns the value, over a seeded random sample spanning six decades. */
class UnitsRoundTripTest {

    private static final long SEED = 20261122L;
    private static final int SAMPLES = 500;

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "mg/dL; mmol/L", "U/h; mU/min", "ug/kg/min; mg/h", "mm[Hg]; kPa", "Cel; [degF]",
        "L/h; mL/min", "mg/L; ug/mL", "mg/kg/h; ug/min", "mg.h/L; ug.min/mL"})
    void roundTripReturnsTheValue(String from, String to) {
        Random random = new Random(SEED);
        ConversionContext context = ConversionContext.bodyWeight(72.5).withMolarMass(Substance.GLUCOSE.molarMassGramsPerMole());
        for (int i = 0; i < SAMPLES; i++) {
            double value = Math.pow(10, -3 + 6 * random.nextDouble()) * (random.nextBoolean() ? 1 : -1);
            double back = Units.convert(Units.convert(value, from, to, context), to, from, context);
            assertThat(back).as("%s %s -> %s -> back", value, from, to).isCloseTo(value, within(1e-9 * Math.abs(value) + 1e-12));
        }
    }
}
