package org.icutwin.core.druglib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every way a library can be inconsistent is refused, naming the entry and the field. */
class DrugLibraryLoaderTest {

    private static final String INSULIN = """
            {"drug": "insulin", "displayName": "Insulin", "careArea": "adult-icu", "note": "test only",
             "concentration": {"value": 1, "unit": "[iU]/mL"},
             "doseRate": {"unit": "[iU]/h", "hardMin": 0, "softMin": 0, "softMax": 15, "hardMax": 30, "maxChangePerStep": 5},
             "dose": {"unit": "[iU]", "softMax": 10, "hardMax": 20},
             "cumulative24h": {"unit": "[iU]", "hardMax": 250}}""";

    private static final String VANCOMYCIN = """
            {"drug": "vancomycin", "displayName": "Vancomycin", "careArea": "adult-icu", "note": "test only",
             "concentration": {"value": 5, "unit": "mg/mL"},
             "dose": {"unit": "mg", "hardMax": 3500},
             "dosePerWeight": {"unit": "mg/kg", "hardMax": 35},
             "maxInfusionRate": {"unit": "mg/h", "hardMax": 1000}}""";

    private static String library(String... entries) {
        return """
                {"libraryVersion": "test-1", "source": "unit test",
                 "entries": [%s]}""".formatted(String.join(",\n", entries));
    }

    private static DrugLibrary load(String json) {
        return DrugLibraryLoader.load(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "inline.json");
    }

    private static DrugLibraryException rejected(String json, String entryId, String fieldPath, String fragment) {
        DrugLibraryException e = catchThrowableOfType(DrugLibraryException.class, () -> load(json));
        assertThat(e).as("expected a refusal of:%n%s", json).isNotNull();
        assertThat(e.entryId()).as("entry").isEqualTo(java.util.Optional.ofNullable(entryId));
        assertThat(e.fieldPath()).as("field").isEqualTo(java.util.Optional.ofNullable(fieldPath));
        assertThat(e.getMessage()).contains("inline.json").contains(fragment);
        if (entryId != null) {
            assertThat(e.getMessage()).contains(entryId);
        }
        if (fieldPath != null) {
            assertThat(e.getMessage()).contains(fieldPath);
        }
        return e;
    }

    @Test
    void validLibraryLoads() {
        DrugLibrary library = load(library(INSULIN, VANCOMYCIN));
        assertThat(library.version()).isEqualTo("test-1");
        assertThat(library.entries()).hasSize(2);
        assertThat(library.entry("insulin", "adult-icu").doseRate().orElseThrow().limits().softMin()).hasValue(0.0);
        assertThat(library.entry("vancomycin", "adult-icu").doseRate()).isEmpty();
    }

    @Test
    void malformedJsonReportsLineAndColumn() {
        String json = library(INSULIN).replace("\"note\": \"test only\",", "\"note\": \"test only\"");
        DrugLibraryException e = rejected(json, null, null, "not valid JSON at line 3");
        assertThat(e.getMessage()).containsPattern("line 3, column \\d+");
    }

    @Test
    void duplicateJsonKeyIsRefused() {
        rejected(library(INSULIN.replace("\"hardMax\": 30,", "\"hardMax\": 30, \"hardMax\": 300,")), null, null,
                "Duplicate field 'hardMax'");
    }

    @Test
    void trailingContentIsRefused() {
        rejected(library(INSULIN) + " {}", null, null, "not valid JSON");
    }

    @Test
    void missingRequiredEntryField() {
        rejected(library(INSULIN.replace("\"displayName\": \"Insulin\",", "")), "insulin@adult-icu",
                "entries[0].displayName", "required field 'displayName' is missing");
        rejected(library(INSULIN.replace("\"note\": \"test only\",", "")), "insulin@adult-icu",
                "entries[0].note", "required field 'note' is missing");
    }

    @Test
    void missingRequiredLimitField() {
        rejected(library(INSULIN.replace("\"hardMax\": 20", "\"hardMin\": 0")), "insulin@adult-icu",
                "entries[0].dose.hardMax", "required field 'hardMax' is missing");
        rejected(library(INSULIN.replace("{\"unit\": \"[iU]\", \"softMax\": 10", "{\"softMax\": 10")),
                "insulin@adult-icu", "entries[0].dose.unit", "required field 'unit' is missing");
    }

    @Test
    void missingTopLevelField() {
        rejected("""
                {"source": "x", "entries": [%s]}""".formatted(INSULIN), null, "libraryVersion",
                "required field 'libraryVersion' is missing");
    }

    @Test
    void missingDrugIdIsReportedByPosition() {
        rejected(library(VANCOMYCIN, INSULIN.replace("\"drug\": \"insulin\",", "")), "entries[1]",
                "entries[1].drug", "required field 'drug' is missing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Insulin", "insulin ", "", "insulin/regular"})
    void malformedDrugIdIsRefused(String id) {
        rejected(library(INSULIN.replace("\"drug\": \"insulin\"", "\"drug\": \"" + id + "\"")), "entries[0]",
                "entries[0].drug", "'drug'");
    }

    @Test
    void unknownUnitIsRefusedWithSuggestion() {
        rejected(library(INSULIN.replace("\"unit\": \"[iU]/h\"", "\"unit\": \"IU/hr\"")), "insulin@adult-icu",
                "entries[0].doseRate.unit", "did you mean '[iU]/h'");
    }

    @Test
    void doseRateThatIsAVolumeRateIsRefused() {
        rejected(library(INSULIN.replace("\"unit\": \"[iU]/h\"", "\"unit\": \"mL/h\"")), "insulin@adult-icu",
                "entries[0].doseRate.unit", "unit 'mL/h' is a volume rate, expected a mass rate (e.g. mg/h) or");
    }

    @Test
    void doseRateThatIsAFrequencyIsRefused() {
        // UCUM alone calls /min and [iU]/h comparable (both s-1).
        rejected(library(INSULIN.replace("\"unit\": \"[iU]/h\"", "\"unit\": \"/min\"")), "insulin@adult-icu",
                "entries[0].doseRate.unit", "is a frequency");
    }

    @Test
    void doseThatIsARateIsRefused() {
        rejected(library(INSULIN.replace("{\"unit\": \"[iU]\", \"softMax\": 10", "{\"unit\": \"[iU]/h\", \"softMax\": 10")),
                "insulin@adult-icu", "entries[0].dose.unit", "is an international-unit rate, expected a mass");
    }

    @Test
    void concentrationThatIsNotAConcentrationIsRefused() {
        rejected(library(INSULIN.replace("\"unit\": \"[iU]/mL\"", "\"unit\": \"[iU]\"")), "insulin@adult-icu",
                "entries[0].concentration.unit", "expected a mass concentration");
        rejected(library(INSULIN.replace("\"unit\": \"[iU]/mL\"", "\"unit\": \"mmol/L\"")), "insulin@adult-icu",
                "entries[0].concentration.unit", "is a molar concentration");
    }

    @Test
    void cumulativeCapThatIsNotAnAmountIsRefused() {
        rejected(library(INSULIN.replace("{\"unit\": \"[iU]\", \"hardMax\": 250}", "{\"unit\": \"[iU]/h\", \"hardMax\": 250}")),
                "insulin@adult-icu", "entries[0].cumulative24h.unit", "expected a mass (e.g. mg) or");
    }

    @Test
    void weightDoseThatIsNotPerWeightIsRefused() {
        rejected(library(VANCOMYCIN.replace("\"unit\": \"mg/kg\"", "\"unit\": \"%\"")), "vancomycin@adult-icu",
                "entries[0].dosePerWeight.unit", "unit '%' is a fraction, expected a mass per body weight");
    }

    @Test
    void maxInfusionRateThatIsAVolumeRateIsRefused() {
        rejected(library(VANCOMYCIN.replace("\"unit\": \"mg/h\"", "\"unit\": \"mL/h\"")), "vancomycin@adult-icu",
                "entries[0].maxInfusionRate.unit", "is a volume rate");
    }

    @Test
    void massDoseForAnInternationalUnitDrugIsRefused() {
        rejected(library(INSULIN.replace("\"unit\": \"[iU]/h\"", "\"unit\": \"mg/h\"")), "insulin@adult-icu",
                "entries[0].doseRate.unit", "counts mass but the concentration counts international units");
    }

    @Test
    void negativeLimitIsRefused() {
        rejected(library(INSULIN.replace("\"hardMin\": 0, \"softMin\": 0", "\"hardMin\": -1, \"softMin\": 0")),
                "insulin@adult-icu", "entries[0].doseRate.hardMin", "hardMin -1.0 is negative");
    }

    @Test
    void nonNumericLimitIsRefused() {
        rejected(library(INSULIN.replace("\"hardMax\": 30", "\"hardMax\": \"30\"")), "insulin@adult-icu",
                "entries[0].doseRate.hardMax", "'hardMax' must be a number, found string");
    }

    @Test
    void nonFiniteLimitIsRefused() {
        rejected(library(INSULIN.replace("\"softMax\": 15", "\"softMax\": 1e999")), "insulin@adult-icu",
                "entries[0].doseRate.softMax", "'softMax' must be finite");
    }

    @Test
    void softMaxAboveHardMaxIsRefused() {
        rejected(library(INSULIN.replace("\"softMax\": 15", "\"softMax\": 40")), "insulin@adult-icu",
                "entries[0].doseRate.hardMax", "softMax 40.0 is above hardMax 30.0");
    }

    @Test
    void softMinBelowHardMinIsRefused() {
        rejected(library(INSULIN.replace("\"hardMin\": 0, \"softMin\": 0", "\"hardMin\": 1, \"softMin\": 0.5")),
                "insulin@adult-icu", "entries[0].doseRate.softMin", "hardMin 1.0 is above softMin 0.5");
    }

    @Test
    void softMinAboveSoftMaxIsRefused() {
        rejected(library(INSULIN.replace("\"softMin\": 0", "\"softMin\": 20")), "insulin@adult-icu",
                "entries[0].doseRate.softMax", "softMin 20.0 is above softMax 15.0");
    }

    @Test
    void hardMinAboveHardMaxIsRefused() {
        rejected(library(VANCOMYCIN.replace("{\"unit\": \"mg\", \"hardMax\": 3500}", "{\"unit\": \"mg\", \"hardMin\": 4000, \"hardMax\": 3500}")),
                "vancomycin@adult-icu", "entries[0].dose.hardMax", "hardMin 4000.0 is above hardMax 3500.0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5"})
    void maxChangePerStepMustBePositive(String step) {
        rejected(library(INSULIN.replace("\"maxChangePerStep\": 5", "\"maxChangePerStep\": " + step)),
                "insulin@adult-icu", "entries[0].doseRate.maxChangePerStep", "must be greater than 0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-0.1"})
    void incrementMustBePositive(String inc) {
        rejected(library(INSULIN.replace("\"maxChangePerStep\": 5", "\"maxChangePerStep\": 5, \"increment\": " + inc)),
                "insulin@adult-icu", "entries[0].doseRate.increment", "must be greater than 0");
    }

    @Test
    void anIncrementLargerThanTheStepIsRefused() {
        rejected(library(INSULIN.replace("\"maxChangePerStep\": 5", "\"maxChangePerStep\": 5, \"increment\": 6")),
                "insulin@adult-icu", "entries[0].doseRate.increment", "must not exceed maxChangePerStep 5.0");
        // Equal is allowed: one increment per step.
        assertThat(load(library(INSULIN.replace("\"maxChangePerStep\": 5", "\"maxChangePerStep\": 5, \"increment\": 5")))
                .entry("insulin", "adult-icu").doseRate().orElseThrow().increment()).hasValue(5.0);
    }

    @Test
    void aSafeDirectionIsReadAndAnUnknownOneIsRefused() {
        assertThat(load(library(INSULIN.replace("\"maxChangePerStep\": 5", "\"maxChangePerStep\": 5, \"safeDirection\": \"decrease\"")))
                .entry("insulin", "adult-icu").doseRate().orElseThrow().safeDirection()).contains(SafeDirection.DECREASE);
        assertThat(load(library(INSULIN.replace("\"maxChangePerStep\": 5", "\"maxChangePerStep\": 5, \"safeDirection\": \"none\"")))
                .entry("insulin", "adult-icu").doseRate().orElseThrow().safeDirection()).contains(SafeDirection.NONE);
        // Not stated: empty (the envelope's configuration decides).
        assertThat(load(library(INSULIN)).entry("insulin", "adult-icu").doseRate().orElseThrow().safeDirection()).isEmpty();
        rejected(library(INSULIN.replace("\"maxChangePerStep\": 5", "\"maxChangePerStep\": 5, \"safeDirection\": \"down\"")),
                "insulin@adult-icu", "entries[0].doseRate.safeDirection",
                "safeDirection 'down' must be one of \"decrease\", \"increase\", \"none\"");
        rejected(library(INSULIN.replace("\"maxChangePerStep\": 5", "\"maxChangePerStep\": 5, \"safeDirection\": \"Decrease\"")),
                "insulin@adult-icu", "entries[0].doseRate.safeDirection", "must be one of");
        rejected(library(INSULIN.replace("\"maxChangePerStep\": 5", "\"maxChangePerStep\": 5, \"safeDirection\": 1")),
                "insulin@adult-icu", "entries[0].doseRate.safeDirection", "must be a non-empty string");
    }

    @Test
    void zeroConcentrationIsRefused() {
        rejected(library(INSULIN.replace("\"value\": 1,", "\"value\": 0,")), "insulin@adult-icu",
                "entries[0].concentration.value", "concentration must be greater than 0");
    }

    @Test
    void zeroCapIsRefused() {
        rejected(library(VANCOMYCIN.replace("\"hardMax\": 1000", "\"hardMax\": 0")), "vancomycin@adult-icu",
                "entries[0].maxInfusionRate.hardMax", "must be greater than 0");
    }

    @Test
    void duplicateDrugAndCareAreaIsRefused() {
        rejected(library(INSULIN, VANCOMYCIN, INSULIN), "insulin@adult-icu", "entries[2]",
                "duplicate entry insulin@adult-icu (first at entries[0])");
    }

    @Test
    void sameDrugInAnotherCareAreaIsAllowed() {
        DrugLibrary library = load(library(INSULIN, INSULIN.replace("adult-icu", "cardiac-icu")));
        assertThat(library.entry("insulin", "cardiac-icu").careArea()).isEqualTo("cardiac-icu");
    }

    @Test
    void emptyEntriesAreRefused() {
        rejected(library(), null, "entries", "'entries' must be a non-empty array");
    }

    @Test
    void entryWithoutAnyDoseLimitIsRefused() {
        String noLimits = VANCOMYCIN.replace("\"dose\": {\"unit\": \"mg\", \"hardMax\": 3500},", "")
                .replace("\"dosePerWeight\": {\"unit\": \"mg/kg\", \"hardMax\": 35},", "");
        rejected(library(noLimits), "vancomycin@adult-icu", "entries[0].doseRate", "has neither");
    }

    @Test
    void unknownTopLevelFieldIsRefused() {
        rejected(library(INSULIN).replace("\"source\"", "\"libraryVersoin\": \"x\", \"source\""), null,
                "libraryVersoin", "unknown field 'libraryVersoin'");
    }

    @Test
    void unknownEntryFieldIsRefused() {
        rejected(library(INSULIN.replace("\"note\"", "\"maxInfusionRat\": 5, \"note\"")), "insulin@adult-icu",
                "entries[0].maxInfusionRat", "unknown field 'maxInfusionRat'");
    }

    @Test
    void misspeltDrugFieldIsReportedAsUnknown() {
        rejected(library(INSULIN.replace("\"drug\":", "\"drgu\":")), "entries[0]", "entries[0].drgu",
                "unknown field 'drgu'");
    }

    @Test
    void unknownLimitFieldIsRefused() {
        // A typo must not silently drop a limit.
        rejected(library(INSULIN.replace("\"softMax\": 10", "\"softmax\": 10")), "insulin@adult-icu",
                "entries[0].dose.softmax", "unknown field 'softmax'");
    }

    @Test
    void emptyInputIsRefused() {
        rejected("", null, null, "is empty");
    }
}
