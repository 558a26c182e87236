package org.icutwin.core.units;

import java.util.OptionalDouble;

/**
 * The patient and substance facts a conversion may need; absent means "not known", never a default.
 *
 * <p>Body weight turns a per-weight rate into an absolute one (ug/kg/min x kg = ug/min); molar
 * mass turns a mass into an amount of substance (mg/dL / (g/mol) = mmol/dL).
 *
 * @param bodyWeightKg body weight in kg, finite and in (0, 500]
 * @param molarMassGramsPerMole molar mass in g/mol, finite and strictly positive
 */
public record ConversionContext(OptionalDouble bodyWeightKg, OptionalDouble molarMassGramsPerMole) {

    /** Upper bound on a plausible body weight in kg; anything above is a data-entry error (e.g. grams). */
    public static final double MAX_BODY_WEIGHT_KG = 500.0;

    private static final ConversionContext NONE = new ConversionContext(OptionalDouble.empty(), OptionalDouble.empty());

    public ConversionContext {
        if (bodyWeightKg == null || molarMassGramsPerMole == null) {
            throw new NullPointerException("use OptionalDouble.empty() for an unknown body weight or molar mass");
        }
        bodyWeightKg.ifPresent(ConversionContext::checkWeight);
        molarMassGramsPerMole.ifPresent(ConversionContext::checkMolarMass);
    }

    /** No body weight and no molar mass: only conversions within one dimension succeed. */
    public static ConversionContext none() {
        return NONE;
    }

    /** A context with a body weight in kg. */
    public static ConversionContext bodyWeight(double kg) {
        return new ConversionContext(OptionalDouble.of(kg), OptionalDouble.empty());
    }

    /** A context with a molar mass in g/mol. */
    public static ConversionContext molarMass(double gramsPerMole) {
        return new ConversionContext(OptionalDouble.empty(), OptionalDouble.of(gramsPerMole));
    }

    /** This context with the body weight (kg) replaced. */
    public ConversionContext withBodyWeight(double kg) {
        return new ConversionContext(OptionalDouble.of(kg), molarMassGramsPerMole);
    }

    /** This context with the molar mass (g/mol) replaced. */
    public ConversionContext withMolarMass(double gramsPerMole) {
        return new ConversionContext(bodyWeightKg, OptionalDouble.of(gramsPerMole));
    }

    private static void checkWeight(double kg) {
        if (!Double.isFinite(kg) || kg <= 0 || kg > MAX_BODY_WEIGHT_KG) {
            throw new UnitException(UnitException.Reason.BODY_WEIGHT_OUT_OF_RANGE, "kg", Dimension.MASS,
                    "body weight " + kg + " kg is outside (0, " + MAX_BODY_WEIGHT_KG + "] kg");
        }
    }

    private static void checkMolarMass(double gramsPerMole) {
        if (!Double.isFinite(gramsPerMole) || gramsPerMole <= 0) {
            throw new UnitException(UnitException.Reason.INVALID_MOLAR_MASS, "g/mol", null,
                    "molar mass " + gramsPerMole + " g/mol must be finite and greater than 0");
        }
    }
}
