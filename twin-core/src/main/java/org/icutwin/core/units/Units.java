package org.icutwin.core.units;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.icutwin.core.units.UnitException.Reason;

/**
 * Static facade over one shared UCUM service: normalise, check dimensions and convert units.
 *
 * <p>Policy (docs/units.md): units are UCUM; the only rewrite is the alias {@code U} -> {@code [iU]}
 * (and {@code mU} -> {@code m[iU]}); two units share a dimension only when their signatures match
 * (canonical units plus mole, international-unit and per-body-weight factors). Conversions that
 * cross per-weight and absolute units need a body weight; those that cross mass and amount of
 * substance need a molar mass: value x weight^dw / molarMass^dm, unit x kg^dw x (mol/g)^dm.
 */
public final class Units {

    private static final Map<String, String> NORMALISED = new ConcurrentHashMap<>();
    private static final int CACHE_LIMIT = 10_000;
    private static final double CELSIUS_OFFSET_K = 273.15;
    private static final double FAHRENHEIT_OFFSET_RANKINE = 459.67;

    private Units() {
    }

    /**
     * The UCUM form of a unit: trimmed, with {@code U}/{@code mU} read as international units.
     *
     * @throws UnitException MISSING, EMPTY or NOT_UCUM (with a suggested spelling when one is known)
     */
    public static String normalise(String unit) {
        if (unit == null) {
            throw new UnitException(Reason.MISSING, null, null, "unit is missing (null)");
        }
        String cached = NORMALISED.get(unit);
        if (cached != null) {
            return cached;
        }
        String trimmed = unit.trim();
        if (trimmed.isEmpty()) {
            // UCUM reads "" as the unity "1"; a missing unit must not pass as dimensionless.
            throw new UnitException(Reason.EMPTY, unit, null, "unit is empty");
        }
        String aliased = UnitSpelling.applyAlias(trimmed);
        String problem = UcumRegistry.get().validate(aliased);
        if (problem != null) {
            String hint = UnitSpelling.suggest(trimmed, u -> UcumRegistry.get().validate(u) == null)
                    .map(s -> "; did you mean '" + s + "'?")
                    .orElse(" (" + problem + ")");
            throw new UnitException(Reason.NOT_UCUM, unit, null, "unit '" + unit + "' is not UCUM" + hint);
        }
        if (NORMALISED.size() < CACHE_LIMIT) {
            NORMALISED.put(unit, aliased);
        }
        return aliased;
    }

    /** True when the unit is valid (after the alias) and has the given dimension; false, never an exception, otherwise. */
    public static boolean hasDimension(String unit, Dimension dimension) {
        Objects.requireNonNull(dimension, "dimension");
        try {
            return signature(normalise(unit)).equals(signature(dimension.referenceUnit()));
        } catch (UnitException e) {
            return false;
        }
    }

    /**
     * Checks that the unit has the expected dimension.
     *
     * @throws UnitException WRONG_DIMENSION naming what the unit measures and what was expected,
     *     or any refusal of {@link #normalise(String)}
     */
    public static void requireDimension(String unit, Dimension expected) {
        Objects.requireNonNull(expected, "expected");
        String normalised;
        try {
            normalised = normalise(unit);
        } catch (UnitException e) {
            throw new UnitException(e.reason(), unit, expected, e.getMessage() + ", expected " + describeExpected(expected));
        }
        UnitSignature actual = signature(normalised, expected);
        if (!actual.equals(signature(expected.referenceUnit()))) {
            throw new UnitException(Reason.WRONG_DIMENSION, unit, expected,
                    "unit '" + unit + "' is " + describe(actual) + ", expected " + describeExpected(expected));
        }
    }

    /** The dimension of a unit among those the twin knows, or empty when it matches none of them. */
    public static Optional<Dimension> dimensionOf(String unit) {
        return dimensionOf(signature(normalise(unit)));
    }

    /** Converts a value between two units of the same dimension. */
    public static double convert(double value, String fromUnit, String toUnit) {
        return convert(value, fromUnit, toUnit, ConversionContext.none());
    }

    /**
     * Converts a value, using body weight or molar mass from the context when the units need them.
     *
     * <p>Per-weight to absolute: value x weight (kg), unit x kg. Mass to amount: value / M (g/mol),
     * unit x mol/g. Temperatures (Cel, K, [degF]) are absolute and converted through kelvin.
     *
     * @throws UnitException NOT_FINITE, WRONG_DIMENSION, NEEDS_BODY_WEIGHT, NEEDS_MOLAR_MASS or a refusal of
     *     {@link #normalise(String)}
     */
    public static double convert(double value, String fromUnit, String toUnit, ConversionContext context) {
        Objects.requireNonNull(context, "context: use ConversionContext.none()");
        String from = normalise(fromUnit);
        String to = normalise(toUnit);
        requireFinite(value, from);
        UnitSignature source = signature(from);
        UnitSignature target = signature(to);
        if (source.equals(target)) {
            if (isAffineTemperature(from) || isAffineTemperature(to)) {
                return fromKelvin(toKelvin(value, from), to);
            }
            return value * UcumRegistry.get().factor(from, to);
        }
        int weightStep = target.perWeightExponent() - source.perWeightExponent();
        int moleStep = target.family("mol") - source.family("mol");
        String bridged = bridge(from, weightStep, moleStep);
        if (bridged == null || !signature(bridged).equals(target)) {
            throw new UnitException(Reason.WRONG_DIMENSION, toUnit, dimensionOf(target).orElse(null),
                    "cannot convert '" + fromUnit + "' (" + describe(source) + ") to '" + toUnit + "' ("
                            + describe(target) + ")");
        }
        double bridgedValue = value;
        if (weightStep != 0) {
            double kg = context.bodyWeightKg().orElseThrow(() -> new UnitException(Reason.NEEDS_BODY_WEIGHT, fromUnit,
                    dimensionOf(target).orElse(null), "converting '" + fromUnit + "' to '" + toUnit
                            + "' needs the body weight (kg), which is not known"));
            bridgedValue = weightStep > 0 ? bridgedValue * kg : bridgedValue / kg;
        }
        if (moleStep != 0) {
            double molarMass = context.molarMassGramsPerMole().orElseThrow(() -> new UnitException(
                    Reason.NEEDS_MOLAR_MASS, fromUnit, dimensionOf(target).orElse(null), "converting '" + fromUnit
                            + "' to '" + toUnit + "' needs the molar mass (g/mol) of the substance, which is not known"));
            bridgedValue = moleStep > 0 ? bridgedValue / molarMass : bridgedValue * molarMass;
        }
        return bridgedValue * UcumRegistry.get().factor(bridged, to);
    }

    static void requireFinite(double value, String unit) {
        if (!Double.isFinite(value)) {
            throw new UnitException(Reason.NOT_FINITE, unit, null, "value " + value + " " + unit + " is not finite");
        }
    }

    static boolean isAffineTemperature(String unit) {
        return "Cel".equals(unit) || "[degF]".equals(unit);
    }

    /** The unit algebra matching one step of body weight and/or molar mass, or null if more than one step is needed. */
    private static String bridge(String from, int weightStep, int moleStep) {
        if (Math.abs(weightStep) > 1 || Math.abs(moleStep) > 1 || (weightStep == 0 && moleStep == 0)) {
            return null;
        }
        // UCUM is left-associative: "(a).mol/g" is ((a).mol)/g.
        return "(" + from + ")"
                + (weightStep > 0 ? ".kg" : weightStep < 0 ? "/kg" : "")
                + (moleStep > 0 ? ".mol/g" : moleStep < 0 ? ".g/mol" : "");
    }

    private static double toKelvin(double value, String unit) {
        return switch (unit) {
            case "Cel" -> value + CELSIUS_OFFSET_K;
            case "[degF]" -> (value + FAHRENHEIT_OFFSET_RANKINE) * 5.0 / 9.0;
            default -> value * UcumRegistry.get().factor(unit, "K");
        };
    }

    private static double fromKelvin(double kelvin, String unit) {
        return switch (unit) {
            case "Cel" -> kelvin - CELSIUS_OFFSET_K;
            case "[degF]" -> kelvin * 9.0 / 5.0 - FAHRENHEIT_OFFSET_RANKINE;
            default -> kelvin * UcumRegistry.get().factor("K", unit);
        };
    }

    private static UnitSignature signature(String normalisedUnit) {
        return UcumRegistry.get().signature(normalisedUnit);
    }

    private static UnitSignature signature(String normalisedUnit, Dimension expected) {
        try {
            return signature(normalisedUnit);
        } catch (UnitException e) {
            throw new UnitException(e.reason(), normalisedUnit, expected,
                    e.getMessage() + ", expected " + describeExpected(expected));
        }
    }

    private static Optional<Dimension> dimensionOf(UnitSignature signature) {
        return Arrays.stream(Dimension.values()).filter(d -> signature(d.referenceUnit()).equals(signature)).findFirst();
    }

    private static String describe(UnitSignature signature) {
        return dimensionOf(signature).map(Dimension::describe).orElse("of another dimension (" + signature + ")");
    }

    private static String describeExpected(Dimension expected) {
        return expected.describe() + " (e.g. " + expected.referenceUnit() + ")";
    }
}
