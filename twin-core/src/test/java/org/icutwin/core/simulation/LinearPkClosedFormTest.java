package org.icutwin.core.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.icutwin.core.catalog.MammillaryPkModel;
import org.icutwin.core.catalog.ModelCatalog;
import org.icutwin.core.model.Covariates;
import org.icutwin.core.model.NoiseModel;
import org.icutwin.core.model.ParameterSpec;
import org.icutwin.core.model.ParameterVectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Linear PK against closed-form solutions (Gibaldi and Perrier, Pharmacokinetics, ch. 1-3),
 * for every propagator: exact (eigen), adaptive Dormand-Prince and fixed-step RK4.
 */
class LinearPkClosedFormTest {
  // One compartment: CL 0.1 L/min, V 20 L, so k = 0.005 /min and t½ = 138.6 min.
  static final double CL = 0.1;
  static final double V = 20.0;
  static final double K = CL / V;

  static Stream<Arguments> propagators() {
    return Stream.of(
        Arguments.of("exact", (Supplier<Propagator>) LinearPkExactPropagator::new, 1e-11),
        Arguments.of("dormand-prince", (Supplier<Propagator>) () -> OdePropagator.dormandPrince(1e-12, 1e-12), 1e-9),
        Arguments.of("rk4 1 min", (Supplier<Propagator>) () -> OdePropagator.rk4(1.0), 1e-8));
  }

  static MammillaryPkModel oneCompartment(boolean effectSite) {
    var ps = new java.util.ArrayList<>(List.of(
        ParameterSpec.fixed("CL", "L/min", CL, "test"), ParameterSpec.fixed("V1", "L", V, "test")));
    if (effectSite) {
      ps.add(ParameterSpec.fixed("ke0", "/min", 0.02, "test"));
    }
    return new MammillaryPkModel("pk1", "drug", 1, effectSite, "mg", 10, ps, new NoiseModel.Additive(1));
  }

  static double[] theta(MammillaryPkModel m) {
    return ParameterVectors.typical(m, Covariates.none());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("propagators")
  void oneCompartmentInfusionApproachesSteadyStateExponentially(String name, Supplier<Propagator> p, double relTol) {
    var m = oneCompartment(false);
    double rate = 5.0; // mg/min
    double[] times = {30, 120, 600, 4000};
    var tr = new Simulator(p.get()).simulate(m, theta(m), new double[1], 0, DosingSchedule.empty().rate(0, "infusion", rate), times);
    double[] c = tr.measurement(m, theta(m), "concentration");
    for (int k = 0; k < times.length; k++) {
      double exact = rate / CL * -Math.expm1(-K * times[k]);
      assertThat(c[k]).as("C(%s)", times[k]).isCloseTo(exact, within(relTol * exact));
    }
    // Steady state: CL = u0 / Css (after 4000 min = 29 half-lives).
    assertThat(rate / c[3]).isCloseTo(CL, within(1e-6 * CL));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("propagators")
  void oneCompartmentBolusDecaysWithHalfLifeLn2OverK(String name, Supplier<Propagator> p, double relTol) {
    var m = oneCompartment(false);
    double dose = 1000;
    double halfLife = Math.log(2) / K;
    double[] times = {0, halfLife, 2 * halfLife, 500};
    var tr = new Simulator(p.get()).simulate(m, theta(m), new double[1], 0, DosingSchedule.empty().bolus(0, "bolus", dose), times);
    double[] c = tr.measurement(m, theta(m), "concentration");
    double c0 = dose / V;
    assertThat(c[0]).isCloseTo(c0, within(1e-12));
    assertThat(c[1]).isCloseTo(c0 / 2, within(relTol * c0));
    assertThat(c[2]).isCloseTo(c0 / 4, within(relTol * c0));
    assertThat(c[3]).isCloseTo(c0 * Math.exp(-K * 500), within(relTol * c0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("propagators")
  void twoCompartmentBolusIsBiExponential(String name, Supplier<Propagator> p, double relTol) {
    var m = ModelCatalog.vancomycinGoti2018();
    double[] th = ParameterVectors.typical(m, Covariates.none().weightKg(70).creatinineClearanceMlPerMin(120)
        .with(org.icutwin.core.model.Covariate.HAEMODIALYSIS, false));
    double cl = th[0], v1 = th[1], q = th[2], v2 = th[3];
    double k10 = cl / v1, k12 = q / v1, k21 = q / v2;
    double sum = k10 + k12 + k21;
    double disc = Math.sqrt(sum * sum - 4 * k10 * k21);
    double alpha = (sum + disc) / 2, beta = (sum - disc) / 2;
    double dose = 1500;
    double a = dose / v1 * (alpha - k21) / (alpha - beta);
    double b = dose / v1 * (k21 - beta) / (alpha - beta);
    double[] times = {5, 60, 240, 720, 1440, 2880};
    var tr = new Simulator(p.get()).simulate(m, th, new double[2], 0, DosingSchedule.empty().bolus(0, "bolus", dose), times);
    double[] c = tr.measurement(m, th, "concentration");
    for (int k = 0; k < times.length; k++) {
      double exact = a * Math.exp(-alpha * times[k]) + b * Math.exp(-beta * times[k]);
      assertThat(c[k]).as("C(%s)", times[k]).isCloseTo(exact, within(relTol * (a + b)));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("propagators")
  void effectSiteAfterBolusFollowsBatemanFunction(String name, Supplier<Propagator> p, double relTol) {
    var m = oneCompartment(true);
    double ke0 = 0.02;
    double dose = 400;
    double c0 = dose / V;
    double[] times = {1, 10, 60, 240, 900};
    var tr = new Simulator(p.get()).simulate(m, theta(m), new double[2], 0, DosingSchedule.empty().bolus(0, "bolus", dose), times);
    double[] ce = tr.measurement(m, theta(m), "concentration_effect");
    for (int k = 0; k < times.length; k++) {
      double t = times[k];
      double exact = c0 * ke0 / (ke0 - K) * (Math.exp(-K * t) - Math.exp(-ke0 * t));
      assertThat(ce[k]).as("Ce(%s)", t).isCloseTo(exact, within(relTol * c0));
    }
  }

  /**
   * Mass balance over a history with boluses and rate changes: drug in the body plus drug
   * eliminated (∫ CL·C1 dt, composite Simpson on a 0.25-min grid) equals the total given.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("propagators")
  void massIsConservedOverADosingHistory(String name, Supplier<Propagator> p, double relTol) {
    var m = ModelCatalog.propofolMarsh();
    double[] th = ParameterVectors.typical(m, Covariates.none().weightKg(80));
    var schedule = DosingSchedule.empty()
        .bolus(0, "bolus", 160)
        .rate(0, "infusion", 8.0)
        .rate(30, "infusion", 5.0)
        .bolus(45, "bolus", 40)
        .rate(90, "infusion", 0.0)
        .rate(100, "infusion", 3.0)
        .rate(150, "infusion", 0.0);
    double given = 160 + 40 + 8.0 * 30 + 5.0 * 60 + 3.0 * 50;
    double dt = 0.25;
    int steps = (int) (200 / dt);
    double[] times = new double[steps + 1];
    for (int k = 0; k <= steps; k++) {
      times[k] = k * dt;
    }
    var tr = new Simulator(p.get()).simulate(m, th, new double[4], 0, schedule, times);
    double cl = m.clearance(th);
    double eliminated = 0;
    for (int k = 0; k < steps; k += 2) {
      double f0 = cl * tr.state(k, 0) / m.volume(th, 1);
      double f1 = cl * tr.state(k + 1, 0) / m.volume(th, 1);
      // A panel ending at the 45-min bolus integrates up to its left limit: the state before the bolus.
      double end = tr.state(k + 2, 0) - (times[k + 2] == 45.0 ? 40 : 0);
      double f2 = cl * end / m.volume(th, 1);
      eliminated += dt / 3 * (f0 + 4 * f1 + f2);
    }
    double inBody = tr.state(steps, 0) + tr.state(steps, 1) + tr.state(steps, 2);
    assertThat(inBody + eliminated).isCloseTo(given, within(1e-6 * given));
  }
}
