package org.icutwin.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.icutwin.core.model.Covariates;
import org.icutwin.core.model.ParameterVectors;
import org.icutwin.core.simulation.DosingSchedule;
import org.icutwin.core.simulation.OdePropagator;
import org.icutwin.core.simulation.Simulator;
import org.junit.jupiter.api.Test;

/** The Bergman model against its closed-form steady state. */
class BergmanInsulinModelTest {
  final BergmanInsulinModel model = ModelCatalog.bergmanMinimal();
  final double[] th = ParameterVectors.typical(model, Covariates.none().weightKg(80));

  @Test
  void insulinSensitivityIsP3OverP2() {
    assertThat(BergmanInsulinModel.insulinSensitivity(th)).isCloseTo(3e-4, within(1e-15));
    double[] other = th.clone();
    other[BergmanInsulinModel.P3] = 2.5e-5;
    other[BergmanInsulinModel.P2] = 0.05;
    assertThat(BergmanInsulinModel.insulinSensitivity(other)).isCloseTo(5e-4, within(1e-15));
  }

  @Test
  void basalStateIsAnEquilibriumUnderZeroInput() {
    double[] d = new double[3];
    model.derivative(0, model.initialState(th), new double[4], th, d);
    assertThat(d).containsExactly(new double[] {0, 0, 0}, within(1e-15));
  }

  /**
   * Under constant insulin u and glucose appearance Ra: I* = Ib + u/(n·VI), X* = (p3/p2)·(I* − Ib),
   * G* = (p1·Gb + Ra/VG)/(p1 + X*).
   */
  @Test
  void reachesClosedFormSteadyStateUnderConstantInsulinAndFeed() {
    double insulin = 2.0 * 1000 / 60; // 2 U/h in mU/min
    double enteral = 5.0 / 0.18016 / 60; // 5 g/h glucose in mmol/min
    double dextrose = 0.1;
    var schedule = DosingSchedule.empty().rate(0, "insulin_iv", insulin).rate(0, "glucose_enteral", enteral)
        .rate(0, "glucose_dextrose", dextrose);
    var tr = new Simulator(OdePropagator.dormandPrince(1e-12, 1e-12))
        .simulate(model, th, model.initialState(th), 0, schedule, new double[] {5000});
    double iStar = th[BergmanInsulinModel.IB] + insulin / (th[BergmanInsulinModel.N] * th[BergmanInsulinModel.VI]);
    double xStar = th[BergmanInsulinModel.P3] / th[BergmanInsulinModel.P2] * (iStar - th[BergmanInsulinModel.IB]);
    double gStar = (th[BergmanInsulinModel.P1] * th[BergmanInsulinModel.GB] + (enteral + dextrose) / th[BergmanInsulinModel.VG])
        / (th[BergmanInsulinModel.P1] + xStar);
    assertThat(tr.state(0, BergmanInsulinModel.I)).isCloseTo(iStar, within(1e-8 * iStar));
    assertThat(tr.state(0, BergmanInsulinModel.X)).isCloseTo(xStar, within(1e-8 * xStar));
    assertThat(tr.state(0, BergmanInsulinModel.G)).isCloseTo(gStar, within(1e-7 * gStar));
  }

  @Test
  void bolusesJumpTheirStateByDoseOverVolume() {
    double[] x = model.initialState(th);
    model.applyBolus(BergmanInsulinModel.INSULIN_BOLUS, 2000, x, th);
    assertThat(x[BergmanInsulinModel.I]).isCloseTo(th[BergmanInsulinModel.IB] + 2000 / (0.12 * 80), within(1e-12));
    model.applyBolus(BergmanInsulinModel.DEXTROSE_BOLUS, 138.8, x, th);
    assertThat(x[BergmanInsulinModel.G]).isCloseTo(th[BergmanInsulinModel.GB] + 138.8 / (0.16 * 80), within(1e-12));
    assertThat(x[BergmanInsulinModel.X]).isZero();
  }

  @Test
  void moreInsulinSensitivePatientsEndLowerOnTheSameRegimen() {
    var schedule = DosingSchedule.empty().rate(0, "insulin_iv", 50).rate(0, "glucose_enteral", 0.4);
    double[] resistant = th.clone();
    double[] sensitive = th.clone();
    sensitive[BergmanInsulinModel.P3] *= 3;
    var sim = new Simulator(OdePropagator.rk4(1));
    double gResistant = sim.simulate(model, resistant, model.initialState(resistant), 0, schedule, new double[] {600}).state(0, 0);
    double gSensitive = sim.simulate(model, sensitive, model.initialState(sensitive), 0, schedule, new double[] {600}).state(0, 0);
    assertThat(gSensitive).isLessThan(gResistant - 1.0);
  }

  /**
   * Insulin action below basal that outweighs p1 leaves glucose disposal at zero: glucose then
   * grows only by p1·Gb + Ra/VG a minute, in closed form, on the generic path and on both
   * specialised RK4 paths (with Bergman's equation it grew as e^{(|X| − p1)·t}: 10^12 in an hour
   * here). X is held fixed (p2 = p3 = 0) at −0.5/min, I at Ib, no input.
   */
  @Test
  void disposalNeverTurnsIntoProductionWhenInsulinActionIsFarBelowBasal() {
    for (BergmanInsulinModel m : new BergmanInsulinModel[] {ModelCatalog.bergmanMinimal(),
        ModelCatalog.insulinBergman()}) {
      double[] theta = ParameterVectors.typical(m, Covariates.none().weightKg(80));
      theta[BergmanInsulinModel.P2] = 0;
      theta[BergmanInsulinModel.P3] = 0;
      double[] x0 = m.initialState(theta);
      x0[BergmanInsulinModel.G] = 6.0;
      x0[BergmanInsulinModel.X] = -0.5;
      double expected = 6.0 + theta[BergmanInsulinModel.P1] * theta[BergmanInsulinModel.GB] * 60;
      double[] fast = x0.clone();
      m.propagateRk4(theta, new double[4], 0, 60, 1.0, fast);
      assertThat(fast[BergmanInsulinModel.G]).as(m.id() + " specialised").isCloseTo(expected, within(1e-9));
      double[] d = new double[x0.length];
      m.derivative(0, x0, new double[4], theta, d);
      assertThat(d[BergmanInsulinModel.G]).as(m.id() + " derivative")
          .isCloseTo(theta[BergmanInsulinModel.P1] * theta[BergmanInsulinModel.GB], within(1e-12));
    }
  }
}
