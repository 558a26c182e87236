package org.icutwin.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.icutwin.core.model.Covariates;
import org.icutwin.core.model.ParameterVectors;
import org.icutwin.core.simulation.DosingSchedule;
import org.icutwin.core.simulation.OdePropagator;
import org.icutwin.core.simulation.Simulator;
import org.junit.jupiter.api.Test;

/**
 * The glucose twins' model: Bergman with one gut compartment. Checked against closed forms with
 * insulin at basal (X = 0, so glucose is linear), mass balance, and its RK4 kernel's order (its
 * agreement with the generic integrator: Rk4SpecialisedTest).
 */
class BergmanGutModelTest {
  final BergmanInsulinModel model = ModelCatalog.insulinBergman();
  final double[] th = ParameterVectors.typical(model, Covariates.none().weightKg(80));
  final double p1 = th[BergmanInsulinModel.P1];
  final double k = th[BergmanInsulinModel.KGUT];
  final double vg = th[BergmanInsulinModel.VG];

  @Test
  void hasFourStatesAndTheDocumentedAbsorptionRate() {
    assertThat(model.hasGut()).isTrue();
    assertThat(model.states().size()).isEqualTo(4);
    assertThat(model.states().get(BergmanInsulinModel.QGUT).name()).isEqualTo("Qgut");
    assertThat(k).isEqualTo(1.0 / 40);
    assertThat(ModelCatalog.bergmanMinimal().hasGut()).isFalse();
    assertThat(ModelCatalog.bergmanMinimal().states().size()).isEqualTo(3);
  }

  /**
   * A feed u from an empty gut at basal insulin: Q(t) = (u/k)(1 − e^{−kt}) and, with y = G − Gb,
   * y(t) = (u/VG)·[(1 − e^{−p1·t})/p1 − (e^{−kt} − e^{−p1·t})/(p1 − k)].
   */
  @Test
  void aFeedFromAnEmptyGutFollowsTheClosedForm() {
    double u = 1.2;
    var schedule = DosingSchedule.empty().rate(0, "glucose_enteral", u);
    double[] grid = {10, 40, 120, 400};
    var tr = new Simulator(OdePropagator.dormandPrince(1e-12, 1e-12))
        .simulate(model, th, model.initialState(th), 0, schedule, grid);
    for (int j = 0; j < grid.length; j++) {
      double t = grid[j];
      double q = u / k * (1 - Math.exp(-k * t));
      double y = u / vg * ((1 - Math.exp(-p1 * t)) / p1 - (Math.exp(-k * t) - Math.exp(-p1 * t)) / (p1 - k));
      assertThat(tr.state(j, BergmanInsulinModel.QGUT)).isCloseTo(q, within(1e-8 * q));
      assertThat(tr.state(j, BergmanInsulinModel.G) - th[BergmanInsulinModel.GB]).isCloseTo(y, within(1e-8 * y));
      assertThat(tr.state(j, BergmanInsulinModel.X)).isCloseTo(0, within(1e-15));
    }
  }

  /** The gut delays but does not lose glucose: after the feed stops, what was in the gut appears. */
  @Test
  void aStoppedFeedStillAppearsAndEveryMillimoleIsAccountedFor() {
    double u = 1.5;
    double stop = 300;
    var schedule = DosingSchedule.empty().rate(0, "glucose_enteral", u).rate(stop, "glucose_enteral", 0);
    var sim = new Simulator(OdePropagator.dormandPrince(1e-11, 1e-11));
    double[] grid = {stop, stop + 30, stop + 2000};
    var tr = sim.simulate(model, th, model.initialState(th), 0, schedule, grid);
    double qAtStop = tr.state(0, BergmanInsulinModel.QGUT);
    assertThat(qAtStop).isCloseTo(u / k * (1 - Math.exp(-k * stop)), within(1e-7));
    // After the stop the gut empties at rate k, and glucose is still rising at the moment of the stop.
    assertThat(tr.state(1, BergmanInsulinModel.QGUT)).isCloseTo(qAtStop * Math.exp(-k * 30), within(1e-7));
    assertThat(tr.state(2, BergmanInsulinModel.QGUT)).isLessThan(1e-9 * qAtStop);
    double[] d = new double[4];
    model.derivative(stop, tr.state(0), new double[4], th, d);
    assertThat(d[BergmanInsulinModel.G]).isGreaterThan(0);
    // The minimal model, fed the same, has no gut: its glucose falls from the moment of the stop.
    var minimal = ModelCatalog.bergmanMinimal();
    double[] thMin = ParameterVectors.typical(minimal, Covariates.none().weightKg(80));
    var trMin = sim.simulate(minimal, thMin, minimal.initialState(thMin), 0, schedule, grid);
    double[] dMin = new double[3];
    minimal.derivative(stop, trMin.state(0), new double[4], thMin, dMin);
    assertThat(dMin[BergmanInsulinModel.G]).isLessThan(0);
    // Mass balance: the glucose that appears from the gut by 2,000 min (k·Q integrated on a
    // half-minute grid) is the whole feed given.
    double[] fine = new double[4001];
    for (int j = 0; j < fine.length; j++) {
      fine[j] = j * 0.5;
    }
    var path = sim.simulate(model, th, model.initialState(th), 0, schedule, fine);
    double appeared = 0;
    for (int j = 1; j < fine.length; j++) {
      appeared += 0.5 * (fine[j] - fine[j - 1])
          * (k * path.state(j - 1, BergmanInsulinModel.QGUT) + k * path.state(j, BergmanInsulinModel.QGUT));
    }
    assertThat(appeared).isCloseTo(u * stop, within(1e-3 * u * stop));
  }

  /** At steady state the gut passes the whole feed: glucose is the minimal model's steady state. */
  @Test
  void aSteadyFeedReachesTheMinimalModelsSteadyState() {
    double insulin = 2.0 * 1000 / 60;
    double enteral = 0.46;
    var schedule = DosingSchedule.empty().rate(0, "insulin_iv", insulin).rate(0, "glucose_enteral", enteral);
    var tr = new Simulator(OdePropagator.dormandPrince(1e-12, 1e-12))
        .simulate(model, th, model.initialState(th), 0, schedule, new double[] {6000});
    double iStar = th[BergmanInsulinModel.IB] + insulin / (th[BergmanInsulinModel.N] * th[BergmanInsulinModel.VI]);
    double xStar = th[BergmanInsulinModel.P3] / th[BergmanInsulinModel.P2] * (iStar - th[BergmanInsulinModel.IB]);
    double gStar = (p1 * th[BergmanInsulinModel.GB] + enteral / vg) / (p1 + xStar);
    assertThat(tr.state(0, BergmanInsulinModel.QGUT)).isCloseTo(enteral / k, within(1e-8));
    assertThat(tr.state(0, BergmanInsulinModel.G)).isCloseTo(gStar, within(1e-7 * gStar));
  }

  @Test
  void parenteralAndIntravenousGlucoseBypassTheGut() {
    double[] d = new double[4];
    double[] x = model.initialState(th);
    model.derivative(0, x, new double[] {0, 0, 0.3, 0.2}, th, d);
    assertThat(d[BergmanInsulinModel.G]).isCloseTo(0.5 / vg, within(1e-15));
    assertThat(d[BergmanInsulinModel.QGUT]).isZero();
    model.derivative(0, x, new double[] {0, 0.5, 0, 0}, th, d);
    assertThat(d[BergmanInsulinModel.G]).isZero();
    assertThat(d[BergmanInsulinModel.QGUT]).isEqualTo(0.5);
  }

  /** The kernel is fourth order on the full nonlinear model: halving the step divides the error by about 16. */
  @Test
  void ownKernelIsFourthOrder() {
    double[] theta = th.clone();
    theta[BergmanInsulinModel.P3] *= 3;
    double[] u = {80, 1.4, 0.2, 0};
    double[] x0 = {14, 0.002, 30, 10};
    double[] reference = new Simulator(OdePropagator.dormandPrince(1e-13, 1e-13)).simulate(model, theta, x0.clone(), 0,
        DosingSchedule.empty().rate(0, "insulin_iv", u[0]).rate(0, "glucose_enteral", u[1])
            .rate(0, "glucose_parenteral", u[2]), new double[] {120}).state(0);
    double[] errors = new double[3];
    double[] steps = {8, 4, 2};
    for (int s = 0; s < steps.length; s++) {
      double[] x = x0.clone();
      model.propagateRk4(theta, u, 0, 120, steps[s], x);
      errors[s] = Math.abs(x[BergmanInsulinModel.G] - reference[BergmanInsulinModel.G]);
    }
    for (int s = 0; s + 1 < steps.length; s++) {
      double order = Math.log(errors[s] / errors[s + 1]) / Math.log(2);
      assertThat(order).as("observed order from step %s to %s", steps[s], steps[s + 1]).isBetween(3.7, 4.3);
    }
  }
}
