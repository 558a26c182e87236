package org.icutwin.core.units;

import java.util.Objects;

/**
 * A substance with the molar mass needed to convert between its mass and amount of substance.
 *
 * @param name a lower-case identifier, e.g. "glucose"
 * @param molarMassGramsPerMole molar mass in g/mol
 */
public record Substance(String name, double molarMassGramsPerMole) {

    /** Glucose, C6H12O6, 180.16 g/mol: 1 mmol/L = 18.016 mg/dL. */
    public static final Substance GLUCOSE = new Substance("glucose", 180.16);

    public Substance {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("substance name is empty");
        }
        // Validates finiteness and sign with the same rule and reason as any conversion.
        ConversionContext.molarMass(molarMassGramsPerMole);
    }

    /** A conversion context carrying this substance's molar mass. */
    public ConversionContext context() {
        return ConversionContext.molarMass(molarMassGramsPerMole);
    }
}
