package org.icutwin.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.icutwin.core.model.Covariate;
import org.icutwin.core.model.Covariates;
import org.icutwin.core.model.ParameterVectors;
import org.junit.jupiter.api.Test;

/** Published population values and covariate models reproduce their sources. */
class ModelCatalogTest {

  @Test
  void vancomycinGotiCovariateModel() {
    var m = ModelCatalog.vancomycinGoti2018();
    var patient = Covariates.none().weightKg(91).creatinineClearanceMlPerMin(60).with(Covariate.HAEMODIALYSIS, false);
    double[] th = ParameterVectors.typical(m, patient);
    assertThat(th[0] * 60).as("CL, L/h").isCloseTo(4.5 * Math.pow(60 / 120.0, 0.8), within(1e-12));
    assertThat(th[1]).as("Vc, L").isCloseTo(58.4 * 91 / 70, within(1e-12));
    assertThat(th[2] * 60).as("Q, L/h").isCloseTo(6.5, within(1e-12));
    assertThat(th[3]).as("Vp, L").isCloseTo(38.4 * 91 / 70, within(1e-12));

    double[] dialysed = ParameterVectors.typical(m, patient.with(Covariate.HAEMODIALYSIS, true));
    assertThat(dialysed[0]).isCloseTo(th[0] * 0.7, within(1e-12));
    assertThat(dialysed[1]).isCloseTo(th[1] * 0.5, within(1e-12));
    assertThat(dialysed[3]).isCloseTo(th[3], within(1e-12));
  }

  @Test
  void vancomycinVariabilityIsTheLogNormalEquivalentOfThePublishedCv() {
    var m = ModelCatalog.vancomycinGoti2018();
    assertThat(m.parameters().get(0).omega().getAsDouble()).isCloseTo(Math.sqrt(Math.log(1 + 0.398 * 0.398)), within(1e-12));
    assertThat(m.parameters().get(2).omega()).isEmpty();
  }

  @Test
  void missingCovariateFailsNamingIt() {
    var m = ModelCatalog.vancomycinGoti2018();
    assertThatThrownBy(() -> ParameterVectors.typical(m, Covariates.none().weightKg(70)))
        .isInstanceOf(Covariates.MissingCovariateException.class)
        .hasMessageContaining("CREATININE_CLEARANCE_ML_PER_MIN").hasMessageContaining("CL");
  }

  @Test
  void propofolMarshReproducesPublishedMicroConstants() {
    var m = ModelCatalog.propofolMarsh();
    double[] th = ParameterVectors.typical(m, Covariates.none().weightKg(50));
    double v1 = m.volume(th, 1);
    assertThat(v1).isCloseTo(0.228 * 50, within(1e-12));
    assertThat(m.clearance(th) / v1).as("k10").isCloseTo(0.119, within(1e-12));
    assertThat(m.interCompartmentalClearance(th, 2) / v1).as("k12").isCloseTo(0.112, within(1e-12));
    assertThat(m.interCompartmentalClearance(th, 2) / m.volume(th, 2)).as("k21").isCloseTo(0.055, within(1e-12));
    assertThat(m.interCompartmentalClearance(th, 3) / v1).as("k13").isCloseTo(0.042, within(1e-12));
    assertThat(m.interCompartmentalClearance(th, 3) / m.volume(th, 3)).as("k31").isCloseTo(0.0033, within(1e-12));
    assertThat(m.ke0(th)).isEqualTo(0.26);
  }

  @Test
  void norepinephrineEffectIsHyperbolicInConcentration() {
    var m = ModelCatalog.norepinephrineMap();
    double[] th = ParameterVectors.typical(m, Covariates.none());
    double v = th[1];
    // At C = EC50 the effect is half-maximal.
    double[] atEc50 = {4.1 * v};
    assertThat(m.measure(m.measurementIndex("map"), atEc50, th)).isCloseTo(55 + 35 / 2.0, within(1e-12));
    assertThat(m.measure(m.measurementIndex("map"), new double[] {0}, th)).isEqualTo(55.0);
    // Steady state at 0.1 ug/kg/min for 70 kg: Css = 7 ug/min / CL.
    double css = 7.0 / th[0];
    assertThat(SigmoidEmax.concentrationFor(m.effect(new double[] {css * v}, th), 55, 35, 4.1, 1, +1))
        .isCloseTo(css, within(1e-9));
  }

  @Test
  void unknownModelIdListsKnownOnes() {
    assertThatThrownBy(() -> ModelCatalog.byId("heparin"))
        .hasMessageContaining("unknown model 'heparin'").hasMessageContaining(ModelCatalog.BERGMAN_INSULIN);
    assertThat(ModelCatalog.all()).containsKeys(ModelCatalog.BERGMAN_INSULIN, ModelCatalog.NOREPINEPHRINE_MAP,
        ModelCatalog.VANCOMYCIN_GOTI, ModelCatalog.PROPOFOL_MARSH);
  }

  @Test
  void sigmoidEmaxInvertsAndRefusesUnreachableEffects() {
    double c = SigmoidEmax.concentrationFor(80, 93, 80, 3.0, 2.0, -1);
    assertThat(SigmoidEmax.effect(c, 93, 80, 3.0, 2.0, -1)).isCloseTo(80, within(1e-12));
    assertThatThrownBy(() -> SigmoidEmax.concentrationFor(100, 55, 35, 4.1, 1, +1)).hasMessageContaining("not reachable");
  }
}
