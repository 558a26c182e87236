package org.icutwin.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class CovariatesAndParametersTest {

  @Test
  void covariatesRejectImplausibleValuesNamingThem() {
    assertThatThrownBy(() -> Covariates.none().weightKg(0)).hasMessageContaining("body weight");
    assertThatThrownBy(() -> Covariates.none().weightKg(Double.NaN)).hasMessageContaining("body weight");
    assertThatThrownBy(() -> Covariates.none().creatinineClearanceMlPerMin(-5)).hasMessageContaining("creatinine clearance");
    assertThatThrownBy(() -> Covariates.none().with(Covariate.HAEMODIALYSIS, 0.5)).hasMessageContaining("haemodialysis");
    assertThatThrownBy(() -> Covariates.none().with(Covariate.WEIGHT_KG, true)).hasMessageContaining("not a yes/no flag");
  }

  @Test
  void covariatesAreImmutableValues() {
    var a = Covariates.none().weightKg(70);
    var b = a.creatinineClearanceMlPerMin(90);
    assertThat(a.get(Covariate.CREATININE_CLEARANCE_ML_PER_MIN)).isEmpty();
    assertThat(b.get(Covariate.WEIGHT_KG)).hasValue(70);
    assertThat(b).isEqualTo(Covariates.none().creatinineClearanceMlPerMin(90).weightKg(70));
  }

  @Test
  void individualValueIsTypicalTimesCovariateEffectsTimesExpEta() {
    var spec = ParameterSpec.logNormal("CL", "L/min", 2.0, 0.3, "test",
        new CovariateEffect.Power(Covariate.WEIGHT_KG, 70, 0.75),
        new CovariateEffect.Flag(Covariate.FEMALE, 0.9),
        new CovariateEffect.Linear(Covariate.AGE_YEARS, 40, -0.01));
    var c = Covariates.none().weightKg(35).with(Covariate.FEMALE, true).with(Covariate.AGE_YEARS, 60);
    double typical = 2.0 * Math.pow(0.5, 0.75) * 0.9 * (1 - 0.2);
    assertThat(spec.typicalValue(c)).isCloseTo(typical, within(1e-12));
    assertThat(spec.individualValue(c, 0.2)).isCloseTo(typical * Math.exp(0.2), within(1e-12));
    assertThatThrownBy(() -> spec.individualValue(c, Double.NaN)).hasMessageContaining("finite");
  }

  @Test
  void omegaFromCvIsExactLogNormalRelation() {
    assertThat(ParameterSpec.omegaFromCv(0.816)).isCloseTo(Math.sqrt(Math.log(1 + 0.816 * 0.816)), within(1e-15));
    assertThat(ParameterSpec.omegaFromCv(0.01)).isCloseTo(0.01, within(1e-5));
  }

  @Test
  void specsRejectNonPositiveTypicalValuesAndOmega() {
    assertThatThrownBy(() -> ParameterSpec.fixed("CL", "L/min", 0, "x")).hasMessageContaining("typical value of CL");
    assertThatThrownBy(() -> ParameterSpec.logNormal("CL", "L/min", 1, -0.1, "x")).hasMessageContaining("omega of CL");
  }

  @Test
  void fixedParametersRefuseRandomEffects() {
    var model = org.icutwin.core.catalog.ModelCatalog.propofolMarsh();
    double[] eta = new double[model.parameters().size()];
    eta[0] = 0.1;
    assertThatThrownBy(() -> ParameterVectors.individual(model, Covariates.none().weightKg(70), eta))
        .hasMessageContaining("no variability");
    assertThatThrownBy(() -> ParameterVectors.individual(model, Covariates.none().weightKg(70), new double[2]))
        .hasMessageContaining("7 parameters");
  }

  @Test
  void noiseModelsGiveTheirVariances() {
    assertThat(new NoiseModel.Additive(3).variance(100)).isEqualTo(9);
    assertThat(new NoiseModel.Proportional(0.1).variance(50)).isCloseTo(25, within(1e-12));
    assertThat(new NoiseModel.Combined(3.4, 0.227).variance(20)).isCloseTo(3.4 * 3.4 + 4.54 * 4.54, within(1e-12));
    assertThatThrownBy(() -> new NoiseModel.Additive(0)).hasMessageContaining("sd");
  }

  @Test
  void layoutsRejectDuplicatesAndBadBounds() {
    assertThatThrownBy(() -> StateLayout.of(StateVariable.nonNegative("A", "mg", 1, ""), StateVariable.nonNegative("A", "mg", 1, "")))
        .hasMessageContaining("duplicate state variable name 'A'");
    assertThatThrownBy(() -> new StateVariable("A", "mg", 1, 0, 1, "")).hasMessageContaining("not an interval");
    assertThatThrownBy(() -> new StateLayout(List.of())).hasMessageContaining("at least one");
    assertThatThrownBy(() -> StateLayout.of(StateVariable.nonNegative("A", "mg", 1, "")).indexOf("B"))
        .hasMessageContaining("unknown state 'B'");
  }
}
