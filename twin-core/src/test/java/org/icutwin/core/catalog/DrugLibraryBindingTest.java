package org.icutwin.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.icutwin.core.druglib.DrugLibrary;
import org.icutwin.core.model.PhysiologicalModel;
import org.icutwin.core.units.ConversionContext;
import org.icutwin.core.units.Units;
import org.junit.jupiter.api.Test;

/**
 * Every drug of the shipped library has a model, and the library's dose units convert to the
 * units of the model inputs they drive (with a body weight where the dose is weight-based).
 */
class DrugLibraryBindingTest {
  static final DrugLibrary LIBRARY = DrugLibrary.load(Path.of("../config/drug-library.json"));
  /** A 70-kg patient; glucose inputs convert between grams and mmol with glucose's molar mass. */
  static final ConversionContext PATIENT = ConversionContext.bodyWeight(70)
      .withMolarMass(org.icutwin.core.units.Substance.GLUCOSE.molarMassGramsPerMole());

  @Test
  void everyLibraryRateConvertsToItsModelInput() {
    for (var entry : LIBRARY.entries()) {
      DrugBinding binding = ModelCatalog.bindingFor(entry.drug());
      PhysiologicalModel model = ModelCatalog.byId(binding.modelId());
      String rateUnit = model.rateInputs().get(PhysiologicalModel.indexOfChannel(model.rateInputs(), binding.rateChannel(), model.id())).unit();
      entry.doseRate().ifPresent(r ->
          assertThat(Units.convert(1.0, r.unit(), rateUnit, PATIENT)).as(entry.id() + " rate").isPositive().isFinite());
      String amountUnit = "(" + rateUnit + ").min";
      entry.dose().ifPresent(d -> {
        String target = binding.bolusChannel()
            .map(b -> model.bolusInputs().get(PhysiologicalModel.indexOfChannel(model.bolusInputs(), b, model.id())).unit())
            .orElse(amountUnit);
        assertThat(Units.convert(1.0, d.unit(), target, PATIENT)).as(entry.id() + " dose").isPositive().isFinite();
      });
    }
  }

  @Test
  void insulinLibraryUnitsMapToModelUnitsExactly() {
    // 6 U/h = 100 mU/min; the model's "mU" is read as milli-international units.
    assertThat(Units.convert(6, "[iU]/h", "mU/min")).isEqualTo(100.0, org.assertj.core.api.Assertions.within(1e-12));
  }

  @Test
  void glucoseInputsAreTheBergmanModelsAppearanceChannels() {
    assertThat(ModelCatalog.bindingFor("enteral-nutrition").rateChannel()).isEqualTo("glucose_enteral");
    assertThat(ModelCatalog.bindingFor("dextrose").bolusChannel()).hasValue("dextrose_bolus");
    // 18.016 g/h of glucose is 100 mmol/h.
    assertThat(Units.convert(18.016, "g/h", "mmol/min", PATIENT)).isCloseTo(100.0 / 60, within(1e-12));
  }

  @Test
  void drugsWithoutAModelAreNamed() {
    assertThatThrownBy(() -> ModelCatalog.bindingFor("heparin"))
        .hasMessageContaining("no model for drug 'heparin'").hasMessageContaining("insulin");
  }
}
