package org.icutwin.core.units;

/**
 * A kind of quantity the ICU twin works with, each with a reference UCUM unit and a label.
 *
 * <p>Two units have the same dimension when their {@linkplain Units signatures} are equal:
 * UCUM canonical units plus the counts of mole-based, international-unit and per-body-weight
 * factors, so that {@code /min}, {@code [iU]/h} and {@code ug/kg/min} stay distinct although
 * UCUM reduces all three to {@code s-1}.
 */
public enum Dimension {
    MASS("mg", "mass"),
    AMOUNT_OF_SUBSTANCE("mmol", "amount of substance"),
    INTERNATIONAL_UNITS("[iU]", "amount in international units"),
    VOLUME("mL", "volume"),
    LENGTH("cm", "length"),
    TIME("h", "time"),
    MASS_CONCENTRATION("mg/L", "mass concentration"),
    MOLAR_CONCENTRATION("mmol/L", "molar concentration"),
    INTERNATIONAL_UNITS_CONCENTRATION("[iU]/mL", "international-unit concentration"),
    /** Cell counts such as platelets or leukocytes (10*9/L); kept apart from molar concentration. */
    NUMBER_CONCENTRATION("10*9/L", "number concentration"),
    MASS_RATE("mg/h", "mass rate"),
    MOLAR_RATE("mmol/h", "molar rate"),
    INTERNATIONAL_UNITS_RATE("[iU]/h", "international-unit rate"),
    VOLUME_RATE("mL/h", "volume rate"),
    MASS_RATE_PER_WEIGHT("ug/kg/min", "mass rate per body weight"),
    INTERNATIONAL_UNITS_RATE_PER_WEIGHT("[iU]/kg/h", "international-unit rate per body weight"),
    MASS_PER_WEIGHT("mg/kg", "mass per body weight"),
    INTERNATIONAL_UNITS_PER_WEIGHT("[iU]/kg", "international units per body weight"),
    PRESSURE("mm[Hg]", "pressure"),
    FREQUENCY("/min", "frequency"),
    FRACTION("%", "fraction"),
    TEMPERATURE("Cel", "temperature"),
    MASS_TIME_PER_VOLUME("mg.h/L", "mass-time per volume");

    private final String referenceUnit;
    private final String label;

    Dimension(String referenceUnit, String label) {
        this.referenceUnit = referenceUnit;
        this.label = label;
    }

    /** A UCUM unit of this dimension, used in messages as an example and as the signature reference. */
    public String referenceUnit() {
        return referenceUnit;
    }

    /** A short human label, e.g. "mass rate". */
    public String label() {
        return label;
    }

    /** The label with its indefinite article, e.g. "a mass rate", "an amount of substance". */
    public String describe() {
        return ("aeiou".indexOf(label.charAt(0)) >= 0 ? "an " : "a ") + label;
    }
}
