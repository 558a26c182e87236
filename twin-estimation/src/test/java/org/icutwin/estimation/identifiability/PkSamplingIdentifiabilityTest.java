package org.icutwin.estimation.identifiability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.icutwin.core.catalog.ModelCatalog;
import org.icutwin.core.model.Covariate;
import org.icutwin.core.model.Covariates;
import org.icutwin.core.model.NoiseModel;
import org.icutwin.core.model.ParameterVectors;
import org.icutwin.core.simulation.DosingSchedule;
import org.junit.jupiter.api.Test;

/**
 * Two-compartment vancomycin (Goti 2018 typical, 70 kg, CrCL 100 mL/min) after one 1-g, 1-h
 * infusion. Samples only in the terminal phase see β and its intercept, and through the dose CL;
 * the distribution phase, which carries V1 and Q2, is invisible, so the peripheral set is poorly
 * conditioned. Adding early samples must improve the condition number by orders of magnitude.
 */
class PkSamplingIdentifiabilityTest {
  private static final double[] LATE = {24 * 60, 30 * 60, 36 * 60, 42 * 60, 48 * 60};
  private static final double[] EARLY_AND_LATE = {70, 90, 120, 180, 240, 24 * 60, 30 * 60, 36 * 60, 42 * 60, 48 * 60};

  @Test
  void lateSamplesLeaveThePeripheralParametersPoorlyConditionedAndEarlySamplesFixIt() {
    var model = ModelCatalog.vancomycinGoti2018();
    var cov = Covariates.none().weightKg(70).creatinineClearanceMlPerMin(100).with(Covariate.HAEMODIALYSIS, false);
    double[] theta = ParameterVectors.typical(model, cov);
    var output = new ModelOutput(model, theta, List.of("CL", "V1", "Q2", "V2"), new double[2], 0,
        DosingSchedule.empty().infusion(0, "infusion", 1000, 60), "concentration");
    var noise = new NoiseModel.Combined(3.4, 0.227);

    var late = IdentifiabilityAnalysis.of(output, output.baseValues(), LATE, noise, ParameterScale.LOG);
    var both = IdentifiabilityAnalysis.of(output, output.baseValues(), EARLY_AND_LATE, noise, ParameterScale.LOG);
    String msg = "late: cond " + late.conditionNumber() + ", weakest " + late.weakest().expression()
        + "; early+late: cond " + both.conditionNumber() + ", weakest " + both.weakest().expression();

    assertThat(late.conditionNumber()).as(msg).isGreaterThan(1e4);
    assertThat(both.conditionNumber()).as(msg).isLessThan(late.conditionNumber() / 100);
    // The weakest late-sampling direction lies in the peripheral set, not along CL.
    var weakest = late.weakest();
    assertThat(Math.abs(weakest.coefficient("CL"))).as(msg).isLessThan(0.3);
    assertThat(Math.max(Math.abs(weakest.coefficient("V1")), Math.abs(weakest.coefficient("Q2")))).as(msg)
        .isEqualTo(1.0);
  }
}
