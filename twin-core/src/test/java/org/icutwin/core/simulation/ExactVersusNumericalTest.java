package org.icutwin.core.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.icutwin.core.catalog.ModelCatalog;
import org.icutwin.core.model.Covariates;
import org.icutwin.core.model.ParameterVectors;
import org.junit.jupiter.api.Test;

/** The exact linear-PK propagator agrees with a tight Dormand-Prince on every catalog PK model. */
class ExactVersusNumericalTest {

  @Test
  void threeCompartmentsWithEffectSiteAgreeUnderComplexSchedule() {
    var m = ModelCatalog.propofolMarsh();
    double[] th = ParameterVectors.typical(m, Covariates.none().weightKg(62));
    var schedule = DosingSchedule.empty().bolus(0, "bolus", 120).rate(0, "infusion", 7)
        .rate(17.5, "infusion", 4).bolus(33, "bolus", 30).rate(61, "infusion", 0).rate(70, "infusion", 2.5);
    double[] times = {0.5, 3, 12, 17.5, 40, 65, 90, 240, 600};
    var exact = new Simulator(new LinearPkExactPropagator()).simulate(m, th, new double[4], 0, schedule, times);
    var dp = new Simulator(OdePropagator.dormandPrince(1e-12, 1e-12)).simulate(m, th, new double[4], 0, schedule, times);
    for (int k = 0; k < times.length; k++) {
      for (int i = 0; i < 4; i++) {
        double ref = dp.state(k, i);
        assertThat(exact.state(k, i)).as("state %d at %s", i, times[k]).isCloseTo(ref, within(1e-8 * (1 + Math.abs(ref))));
      }
    }
  }

  @Test
  void norepinephrinePkPdIsPropagatedExactlyThroughItsPkStructure() {
    var m = ModelCatalog.norepinephrineMap();
    double[] th = ParameterVectors.typical(m, Covariates.none());
    var schedule = DosingSchedule.empty().rate(0, "infusion", 7).rate(20, "infusion", 10.5);
    double[] times = {1, 5, 20, 25, 60};
    var exact = new Simulator(new LinearPkExactPropagator()).simulate(m, th, new double[1], 0, schedule, times);
    var dp = new Simulator(OdePropagator.dormandPrince(1e-12, 1e-12)).simulate(m, th, new double[1], 0, schedule, times);
    double[] mapExact = exact.measurement(m, th, "map");
    double[] mapDp = dp.measurement(m, th, "map");
    for (int k = 0; k < times.length; k++) {
      assertThat(mapExact[k]).isCloseTo(mapDp[k], within(1e-8));
    }
  }

  @Test
  void exactPropagatorRefusesNonLinearModels() {
    var m = ModelCatalog.bergmanMinimal();
    double[] th = ParameterVectors.typical(m, Covariates.none().weightKg(70));
    assertThatThrownBy(() -> new LinearPkExactPropagator().propagate(m, th, new double[4], 0, 1, m.initialState(th)))
        .hasMessageContaining("not linear mammillary PK");
  }
}
