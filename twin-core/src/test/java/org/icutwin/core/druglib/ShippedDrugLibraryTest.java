package org.icutwin.core.druglib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import org.icutwin.core.units.ConversionContext;
import org.icutwin.core.units.Dimension;
import org.icutwin.core.units.Quantity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The library shipped in config/ loads and says what the docs say it does. */
class ShippedDrugLibraryTest {

    /** Maven runs tests in the module directory; the config directory is at the repository root. */
    private static final Path CONFIG = Path.of("..", "config");

    private static DrugLibrary library;

    @BeforeAll
    static void load() {
        library = DrugLibraryLoader.loadFromConfigDirectory(CONFIG);
    }

    @Test
    void containsTheFourDrugsAndTheGlucoseInputsForAdultIcu() {
        assertThat(library.version()).isEqualTo("2026-12-05.2");
        assertThat(library.source()).contains("NOT a clinical standard");
        assertThat(library.entries()).extracting(DrugLibraryEntry::id).containsExactly(
                "insulin@adult-icu", "norepinephrine@adult-icu", "norepinephrine@cardiac-icu",
                "vancomycin@adult-icu", "propofol@adult-icu", "dextrose@adult-icu", "enteral-nutrition@adult-icu",
                "parenteral-nutrition@adult-icu");
        assertThat(library.entries()).allSatisfy(e -> assertThat(e.note()).contains("not a clinical standard"));
    }

    @Test
    void insulinIsDosedInInternationalUnits() {
        DrugLibraryEntry insulin = library.entry("insulin", "adult-icu");
        assertThat(insulin.concentration().hasDimension(Dimension.INTERNATIONAL_UNITS_CONCENTRATION)).isTrue();
        RateLimits rate = insulin.doseRate().orElseThrow();
        assertThat(rate.unit()).isEqualTo("[iU]/h");
        assertThat(rate.limits().hardMax()).hasValue(30.0);
        assertThat(rate.maxChangePerStep()).hasValue(5.0);
        assertThat(rate.increment()).hasValue(0.1);
        assertThat(rate.safeDirection()).contains(SafeDirection.DECREASE);
        assertThat(insulin.dose().orElseThrow().unit()).isEqualTo("[iU]");
        assertThat(insulin.cumulative24hMax().orElseThrow().hasDimension(Dimension.INTERNATIONAL_UNITS)).isTrue();
        // A pump programmed in U/h is read with the documented alias.
        assertThat(rate.limits().check(new Quantity(20, "U/h"), ConversionContext.none())).isEqualTo(LimitCheck.ABOVE_SOFT_MAX);
    }

    @Test
    void norepinephrineIsWeightBasedWithoutBolusAndDiffersByCareArea() {
        DrugLibraryEntry adult = library.entry("norepinephrine", "adult-icu");
        DrugLibraryEntry cardiac = library.entry("norepinephrine", "cardiac-icu");
        assertThat(Dimension.MASS_RATE_PER_WEIGHT.referenceUnit()).isEqualTo(adult.doseRate().orElseThrow().unit());
        assertThat(adult.dose()).isEmpty();
        assertThat(adult.doseRate().orElseThrow().safeDirection()).contains(SafeDirection.INCREASE);
        assertThat(cardiac.doseRate().orElseThrow().safeDirection()).contains(SafeDirection.INCREASE);
        assertThat(library.entry("propofol", "adult-icu").doseRate().orElseThrow().safeDirection()).contains(SafeDirection.NONE);
        // 16 mg in 250 mL = 64 ug/mL
        assertThat(adult.concentration().to("mg/mL").value()).isCloseTo(16.0 / 250.0, within(1e-12));
        assertThat(adult.doseRate().orElseThrow().limits().softMax()).hasValue(1.0);
        assertThat(adult.doseRate().orElseThrow().limits().hardMax()).hasValue(3.0);
        assertThat(cardiac.doseRate().orElseThrow().limits().hardMax().getAsDouble())
                .isLessThan(adult.doseRate().orElseThrow().limits().hardMax().getAsDouble());
        // 0.25 mg/h at 80 kg = 250 ug / 60 min / 80 kg = 0.052 ug/kg/min: within the adult limits.
        assertThat(adult.doseRate().orElseThrow().limits().check(new Quantity(0.25, "mg/h"), ConversionContext.bodyWeight(80)))
                .isEqualTo(LimitCheck.WITHIN);
    }

    @Test
    void vancomycinHasDoseWeightDoseInfusionRateAndDailyCaps() {
        DrugLibraryEntry vanco = library.entry("vancomycin", "adult-icu");
        assertThat(vanco.doseRate()).isEmpty();
        assertThat(vanco.dose().orElseThrow().unit()).isEqualTo("mg");
        assertThat(vanco.dosePerWeight().orElseThrow().unit()).isEqualTo("mg/kg");
        assertThat(vanco.dosePerWeight().orElseThrow().hardMax()).hasValue(35.0);
        assertThat(vanco.maxInfusionRate().orElseThrow()).isEqualTo(new Quantity(1000, "mg/h"));
        assertThat(vanco.cumulative24hMax().orElseThrow().hasDimension(Dimension.MASS)).isTrue();
        // A 35 mg/kg loading dose at 110 kg is 3850 mg: above the absolute hard cap although only soft in mg/kg.
        assertThat(vanco.dosePerWeight().orElseThrow().check(35)).isEqualTo(LimitCheck.ABOVE_SOFT_MAX);
        assertThat(vanco.dosePerWeight().orElseThrow().check(25)).isEqualTo(LimitCheck.WITHIN);
        assertThat(vanco.dose().orElseThrow().check(3850)).isEqualTo(LimitCheck.ABOVE_HARD_MAX);
    }

    @Test
    void propofolRateIsPerWeightPerHourAndBolusInMg() {
        DrugLibraryEntry propofol = library.entry("propofol", "adult-icu");
        assertThat(propofol.doseRate().orElseThrow().unit()).isEqualTo("mg/kg/h");
        assertThat(propofol.doseRate().orElseThrow().check(5)).isEqualTo(LimitCheck.ABOVE_SOFT_MAX);
        assertThat(propofol.doseRate().orElseThrow().check(7)).isEqualTo(LimitCheck.ABOVE_HARD_MAX);
        assertThat(propofol.dose().orElseThrow().unit()).isEqualTo("mg");
    }

    @Test
    void glucoseInputsAreGramsOfGlucose() {
        DrugLibraryEntry dextrose = library.entry("dextrose", "adult-icu");
        assertThat(dextrose.doseRate().orElseThrow().unit()).isEqualTo("g/h");
        assertThat(dextrose.dose().orElseThrow().unit()).isEqualTo("g");
        // 100 mL of D50 is 50 g: at the hard maximum, not above it.
        assertThat(dextrose.dose().orElseThrow().check(50)).isEqualTo(LimitCheck.ABOVE_SOFT_MAX);
        assertThat(dextrose.dose().orElseThrow().check(51)).isEqualTo(LimitCheck.ABOVE_HARD_MAX);
        for (String feed : new String[] {"enteral-nutrition", "parenteral-nutrition"}) {
            DrugLibraryEntry e = library.entry(feed, "adult-icu");
            assertThat(e.doseRate().orElseThrow().unit()).isEqualTo("g/h");
            assertThat(e.dose()).isEmpty();
            assertThat(e.doseRate().orElseThrow().check(10)).isEqualTo(LimitCheck.WITHIN);
        }
        // 5 mg/kg/min of glucose at 70 kg is 21 g/h, under parenteral nutrition's hard maximum of 30.
        assertThat(library.entry("parenteral-nutrition", "adult-icu").doseRate().orElseThrow()
                .limits().check(new Quantity(5, "mg/kg/min"), ConversionContext.bodyWeight(70)))
                .isEqualTo(LimitCheck.ABOVE_SOFT_MAX);
    }

    @Test
    void missingEntryNamesDrugCareAreaAndWhatExists() {
        DrugLibraryException e = catchThrowableOfType(DrugLibraryException.class,
                () -> library.entry("propofol", "cardiac-icu"));
        assertThat(e.entryId()).contains("propofol@cardiac-icu");
        assertThat(e.getMessage()).contains("'propofol'").contains("'cardiac-icu'")
                .contains("care areas [adult-icu]").contains("norepinephrine@cardiac-icu");
        DrugLibraryException unknown = catchThrowableOfType(DrugLibraryException.class,
                () -> library.entry("heparin", "adult-icu"));
        assertThat(unknown.getMessage()).contains("drug 'heparin' is not in the library").contains("insulin@adult-icu");
        assertThat(library.find("heparin", "adult-icu")).isEmpty();
    }
}
