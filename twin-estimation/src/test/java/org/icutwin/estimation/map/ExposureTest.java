package org.icutwin.estimation.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.icutwin.estimation.map.MapTestSupport.GOTI;
import static org.icutwin.estimation.map.MapTestSupport.PATIENT;

import org.icutwin.core.model.ParameterVectors;
import org.icutwin.core.simulation.DosingSchedule;
import org.icutwin.core.simulation.LinearPkExactPropagator;
import org.icutwin.core.simulation.Simulator;
import org.junit.jupiter.api.Test;

/** AUC by Simpson quadrature against closed forms. */
class ExposureTest {

  /** At steady state under q12h dosing, AUC over any 24 h = daily dose / CL (linear PK). */
  @Test
  void steadyStateAuc24IsDailyDoseOverClearance() {
    double[] theta = ParameterVectors.typical(GOTI, PATIENT);
    DosingSchedule s = DosingSchedule.empty();
    for (int d = 0; d < 2 * 40; d++) {
      s = s.infusion(d * 720.0, "infusion", 1000, 60);
    }
    double clLPerH = theta[0] * 60;
    double auc = Exposure.auc24MgHPerL(GOTI, theta, s, 38 * 1440.0 + 200);
    assertThat(auc).isCloseTo(2000 / clLPerH, within(1e-6 * auc));
  }

  /** Mass balance over any window: CL·AUC = dose given in it − change of the amount in the body. */
  @Test
  void aucMatchesMassBalanceOverAnUnsteadyWindow() {
    double[] theta = ParameterVectors.typical(GOTI, PATIENT);
    DosingSchedule s = VirtualVancomycinCohort.schedule(70).bolus(1000, "bolus", 300);
    double from = 700;
    double to = 2200;
    var tr = new Simulator(new LinearPkExactPropagator()).simulate(GOTI, theta, new double[2], 0, s,
        new double[] {from, to});
    double bodyChange = tr.state(1, 0) + tr.state(1, 1) - tr.state(0, 0) - tr.state(0, 1);
    // Infusions of 1050 mg over 60 min at 720 and 1440, 40 of the 60 min of the one at 2160, the bolus.
    double dose = 1050 + 1050 + 1050 * 40 / 60.0 + 300;
    double auc = Exposure.auc(GOTI, theta, new double[2], 0, s, "concentration", from, to, 5.0);
    assertThat(theta[0] * auc).isCloseTo(dose - bodyChange, within(1e-6 * dose));
  }
}
