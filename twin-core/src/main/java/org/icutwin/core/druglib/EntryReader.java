package org.icutwin.core.druglib;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.Collectors;
import org.icutwin.core.units.Dimension;
import org.icutwin.core.units.Quantity;
import org.icutwin.core.units.UnitException;
import org.icutwin.core.units.Units;

/**
 * Reads and validates one drug library entry; see docs/drug-library.md for the rules.
 */
final class EntryReader {

    private static final Set<String> ENTRY_FIELDS = Set.of("drug", "displayName", "careArea", "note", "concentration",
            "doseRate", "dose", "dosePerWeight", "cumulative24h", "maxInfusionRate");
    private static final Set<String> LIMIT_FIELDS = Set.of("unit", "hardMin", "softMin", "softMax", "hardMax");
    private static final Set<String> RATE_FIELDS = Set.of("unit", "hardMin", "softMin", "softMax", "hardMax",
            "maxChangePerStep", "increment", "safeDirection");
    private static final Set<String> CAP_FIELDS = Set.of("unit", "hardMax");
    private static final Set<String> QUANTITY_FIELDS = Set.of("value", "unit");

    private static final List<Dimension> CONCENTRATION = List.of(Dimension.MASS_CONCENTRATION,
            Dimension.INTERNATIONAL_UNITS_CONCENTRATION);
    private static final List<Dimension> RATE = List.of(Dimension.MASS_RATE, Dimension.INTERNATIONAL_UNITS_RATE,
            Dimension.MASS_RATE_PER_WEIGHT, Dimension.INTERNATIONAL_UNITS_RATE_PER_WEIGHT);
    private static final List<Dimension> DOSE = List.of(Dimension.MASS, Dimension.INTERNATIONAL_UNITS,
            Dimension.MASS_PER_WEIGHT, Dimension.INTERNATIONAL_UNITS_PER_WEIGHT);
    private static final List<Dimension> DOSE_PER_WEIGHT = List.of(Dimension.MASS_PER_WEIGHT,
            Dimension.INTERNATIONAL_UNITS_PER_WEIGHT);
    private static final List<Dimension> AMOUNT = List.of(Dimension.MASS, Dimension.INTERNATIONAL_UNITS);
    private static final List<Dimension> ABSOLUTE_RATE = List.of(Dimension.MASS_RATE, Dimension.INTERNATIONAL_UNITS_RATE);

    private EntryReader() {
    }

    static DrugLibraryEntry read(JsonFields raw) {
        if (!raw.has("drug") || !raw.has("careArea")) {
            // A misspelt "drug" or "careArea" is better reported as the unknown field it is.
            raw.rejectUnknown(ENTRY_FIELDS);
        }
        String drug = raw.id("drug");
        String careArea = raw.id("careArea");
        JsonFields entry = raw.withEntryId(DrugLibraryEntry.id(drug, careArea));
        entry.rejectUnknown(ENTRY_FIELDS);
        String displayName = entry.text("displayName");
        String note = entry.text("note");

        JsonFields concentrationJson = entry.object("concentration");
        concentrationJson.rejectUnknown(QUANTITY_FIELDS);
        Dimension concentrationDimension = unit(concentrationJson, CONCENTRATION, null);
        double concentrationValue = concentrationJson.number("value");
        if (concentrationValue <= 0) {
            throw concentrationJson.fail(concentrationJson.path("value"), "concentration must be greater than 0");
        }
        Quantity concentration = new Quantity(concentrationValue, concentrationJson.text("unit"));
        // Every dose field must count the drug the way the bag does: mass with mass, IU with IU.
        boolean internationalUnits = isInternationalUnits(concentrationDimension);

        Optional<RateLimits> doseRate = entry.has("doseRate")
                ? Optional.of(rateLimits(entry.object("doseRate"), internationalUnits)) : Optional.empty();
        Optional<DoseLimits> dose = entry.has("dose")
                ? Optional.of(limits(entry.object("dose"), LIMIT_FIELDS, DOSE, internationalUnits)) : Optional.empty();
        Optional<DoseLimits> dosePerWeight = entry.has("dosePerWeight")
                ? Optional.of(limits(entry.object("dosePerWeight"), LIMIT_FIELDS, DOSE_PER_WEIGHT, internationalUnits))
                : Optional.empty();
        if (doseRate.isEmpty() && dose.isEmpty()) {
            throw entry.fail(entry.path("doseRate"), "an entry needs 'doseRate', 'dose' or both; it has neither");
        }
        if (dosePerWeight.isPresent() && dose.isEmpty()) {
            throw entry.fail(entry.path("dose"), "'dosePerWeight' needs an absolute 'dose' limit as well");
        }
        Optional<Quantity> cumulative = entry.has("cumulative24h")
                ? Optional.of(cap(entry.object("cumulative24h"), AMOUNT, internationalUnits)) : Optional.empty();
        Optional<Quantity> maxInfusionRate = entry.has("maxInfusionRate")
                ? Optional.of(cap(entry.object("maxInfusionRate"), ABSOLUTE_RATE, internationalUnits)) : Optional.empty();
        return new DrugLibraryEntry(drug, displayName, careArea, note, concentration, doseRate, dose, dosePerWeight,
                cumulative, maxInfusionRate);
    }

    private static RateLimits rateLimits(JsonFields json, boolean internationalUnits) {
        DoseLimits limits = limits(json, RATE_FIELDS, RATE, internationalUnits);
        OptionalDouble step = json.optionalNumber("maxChangePerStep");
        if (step.isPresent() && step.getAsDouble() <= 0) {
            throw json.fail(json.path("maxChangePerStep"), "maxChangePerStep " + step.getAsDouble() + " must be greater than 0");
        }
        OptionalDouble increment = json.optionalNumber("increment");
        if (increment.isPresent() && !(increment.getAsDouble() > 0)) {
            throw json.fail(json.path("increment"), "increment " + increment.getAsDouble() + " must be greater than 0");
        }
        if (increment.isPresent() && step.isPresent() && increment.getAsDouble() > step.getAsDouble()) {
            // A rate on the pump's grid could then never move by a permitted step.
            throw json.fail(json.path("increment"), "increment " + increment.getAsDouble()
                    + " must not exceed maxChangePerStep " + step.getAsDouble());
        }
        Optional<SafeDirection> safeDirection = Optional.empty();
        if (json.has("safeDirection")) {
            String value = json.text("safeDirection");
            safeDirection = Optional.of(SafeDirection.fromJson(value).orElseThrow(() -> json.fail(json.path("safeDirection"),
                    "safeDirection '" + value + "' must be one of \"decrease\", \"increase\", \"none\"")));
        }
        return new RateLimits(limits, step, increment, safeDirection);
    }

    private static DoseLimits limits(JsonFields json, Set<String> allowed, List<Dimension> dimensions,
            boolean internationalUnits) {
        json.rejectUnknown(allowed);
        unit(json, dimensions, internationalUnits);
        json.required("hardMax");
        OptionalDouble hardMin = json.optionalNumber("hardMin");
        OptionalDouble softMin = json.optionalNumber("softMin");
        OptionalDouble softMax = json.optionalNumber("softMax");
        OptionalDouble hardMax = json.optionalNumber("hardMax");
        DoseLimits.findViolation(hardMin, softMin, softMax, hardMax).ifPresent(v -> {
            throw json.fail(json.path(v.field()), v.message());
        });
        return new DoseLimits(json.text("unit"), hardMin, softMin, softMax, hardMax);
    }

    private static Quantity cap(JsonFields json, List<Dimension> dimensions, boolean internationalUnits) {
        json.rejectUnknown(CAP_FIELDS);
        unit(json, dimensions, internationalUnits);
        double hardMax = json.number("hardMax");
        if (hardMax <= 0) {
            throw json.fail(json.path("hardMax"), "hardMax " + hardMax + " must be greater than 0");
        }
        return new Quantity(hardMax, json.text("unit"));
    }

    /** Checks the object's "unit" against the allowed dimensions and the bag's counting basis. */
    private static Dimension unit(JsonFields json, List<Dimension> allowed, Boolean internationalUnits) {
        String unit = json.text("unit");
        String field = json.path("unit");
        try {
            Units.normalise(unit);
        } catch (UnitException e) {
            throw json.fail(field, e.getMessage());
        }
        Dimension found = allowed.stream().filter(d -> Units.hasDimension(unit, d)).findFirst().orElseThrow(() -> {
            String actual = Units.dimensionOf(unit).map(Dimension::describe).orElse("of another dimension");
            return json.fail(field, "unit '" + unit + "' is " + actual + ", expected "
                    + allowed.stream().map(d -> d.describe() + " (e.g. " + d.referenceUnit() + ")")
                            .collect(Collectors.joining(" or ")));
        });
        if (internationalUnits != null && isInternationalUnits(found) != internationalUnits) {
            throw json.fail(field, "unit '" + unit + "' counts " + (internationalUnits ? "mass" : "international units")
                    + " but the concentration counts " + (internationalUnits ? "international units" : "mass"));
        }
        return found;
    }

    private static boolean isInternationalUnits(Dimension dimension) {
        return dimension.name().startsWith("INTERNATIONAL_UNITS");
    }
}
