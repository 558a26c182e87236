package org.icutwin.control.vancomycin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.icutwin.core.catalog.ModelCatalog;
import org.icutwin.core.model.Covariate;
import org.icutwin.core.model.Covariates;
import org.icutwin.core.model.ParameterVectors;
import org.icutwin.estimation.map.Exposure;
import org.junit.jupiter.api.Test;

/** The closed form the dose search relies on, checked against twin-estimation's Simpson AUC and a steady state. */
class TwoCompartmentKernelTest {
  private final double[] theta = ParameterVectors.typical(ModelCatalog.vancomycinGoti2018(),
      Covariates.none().weightKg(80).creatinineClearanceMlPerMin(70).with(Covariate.HAEMODIALYSIS, false));

  @Test
  void aucAgreesWithExposureAuc24OverAnUnsteadyWindow() {
    var doses = List.of(new VancomycinDose(0, 2000, 120), new VancomycinDose(720, 1000, 60),
        new VancomycinDose(1440, 1250, 90), new VancomycinDose(2160, 1250, 90));
    var kernel = new TwoCompartmentKernel(theta);
    var model = ModelCatalog.vancomycinGoti2018();
    for (double start : new double[] {0, 700, 1440}) {
      double reference = Exposure.auc24MgHPerL(model, theta, VancomycinDosingController.schedule(doses), start);
      assertThat(kernel.aucMgHPerL(doses, start, start + 1440)).as("window from %s min", start)
          .isCloseTo(reference, within(1e-6 * reference));
    }
  }

  @Test
  void steadyStateAuc24IsDailyDoseOverClearance() {
    // Forty days of 1 g q12h: the slow exponential (t½ about 15 h here) has long decayed.
    var doses = new java.util.ArrayList<VancomycinDose>();
    for (int k = 0; k < 80; k++) {
      doses.add(new VancomycinDose(k * 720.0, 1000, 60));
    }
    double auc = new TwoCompartmentKernel(theta).aucMgHPerL(doses, 78 * 720.0 - 1440, 78 * 720.0);
    double expected = 2000 / (theta[0] * 60); // mg / (L/h) = mg·h/L
    assertThat(auc).isCloseTo(expected, within(1e-6 * expected));
  }

  @Test
  void concentrationIsZeroBeforeTheFirstDoseAndContinuousAtTheInfusionEnd() {
    var kernel = new TwoCompartmentKernel(theta);
    var doses = List.of(new VancomycinDose(60, 1000, 60));
    assertThat(kernel.concentration(doses, 30)).isZero();
    assertThat(kernel.concentration(doses, 120 - 1e-6)).isCloseTo(kernel.concentration(doses, 120 + 1e-6),
        within(1e-6));
  }
}
