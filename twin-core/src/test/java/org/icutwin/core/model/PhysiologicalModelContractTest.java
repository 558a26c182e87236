package org.icutwin.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.icutwin.core.simulation.DosingSchedule;
import org.icutwin.core.simulation.OdePropagator;
import org.icutwin.core.simulation.Simulator;
import org.junit.jupiter.api.Test;

/**
 * The contract every model meets: declared names, units and bounds; finite derivatives and
 * outputs on the physical domain; physical bounds kept under zero input; boluses that jump
 * only within bounds; no mutation of the caller's arrays. Seeded (random samples of states,
 * inputs and parameters drawn from the model's own priors).
 */
abstract class PhysiologicalModelContractTest {
  private static final int SAMPLES = 200;

  abstract PhysiologicalModel model();

  abstract Covariates covariates();

  private final Random random = new Random(20261122L);

  double[] sampleTheta() {
    var specs = model().parameters();
    double[] eta = new double[specs.size()];
    for (int i = 0; i < eta.length; i++) {
      eta[i] = specs.get(i).omega().isPresent() ? random.nextGaussian() * specs.get(i).omega().getAsDouble() : 0.0;
    }
    return ParameterVectors.individual(model(), covariates(), eta);
  }

  /** A state drawn uniformly from the physical domain clipped to ±3 typical magnitudes. */
  double[] sampleState() {
    var vars = model().states().variables();
    double[] x = new double[vars.size()];
    for (int i = 0; i < x.length; i++) {
      var v = vars.get(i);
      double lo = Math.max(v.lowerBound(), -3 * v.scale());
      double hi = Math.min(v.upperBound(), 3 * v.scale());
      x[i] = lo + random.nextDouble() * (hi - lo);
    }
    return x;
  }

  @Test
  void declaresNamesUnitsAndDescriptions() {
    var m = model();
    assertThat(m.id()).isNotBlank();
    assertThat(m.description()).isNotBlank();
    assertThat(m.states().size()).isPositive();
    assertThat(m.measurements()).isNotEmpty();
    List<String> units = new java.util.ArrayList<>();
    m.states().variables().forEach(v -> units.add(v.unit()));
    m.rateInputs().forEach(c -> units.add(c.unit()));
    m.bolusInputs().forEach(c -> units.add(c.unit()));
    m.parameters().forEach(p -> units.add(p.unit()));
    m.measurements().forEach(s -> units.add(s.unit()));
    assertThat(units).allSatisfy(u -> assertThat(org.icutwin.core.units.Units.normalise(u)).as("UCUM unit '%s'", u).isNotBlank());
    assertThat(m.parameters()).allSatisfy(p -> assertThat(p.source()).isNotBlank());
  }

  @Test
  void initialStateIsPhysicalAndAnEquilibriumUnderZeroInput() {
    double[] th = ParameterVectors.typical(model(), covariates());
    double[] x0 = model().initialState(th);
    assertThat(model().states().admits(x0)).isTrue();
    double[] d = new double[x0.length];
    model().derivative(0, x0, new double[model().rateInputs().size()], th, d);
    for (int i = 0; i < d.length; i++) {
      assertThat(Math.abs(d[i])).as("d%s/dt at rest", model().states().get(i).name())
          .isLessThan(1e-12 * model().states().get(i).scale());
    }
  }

  @Test
  void derivativesAndOutputsAreFiniteOnThePhysicalDomain() {
    int nu = model().rateInputs().size();
    for (int s = 0; s < SAMPLES; s++) {
      double[] th = sampleTheta();
      double[] x = sampleState();
      double[] u = new double[nu];
      for (int i = 0; i < nu; i++) {
        u[i] = random.nextDouble() * 100;
      }
      double[] d = new double[x.length];
      model().derivative(random.nextDouble() * 1440, x, u, th, d);
      assertThat(Arrays.stream(d).allMatch(Double::isFinite)).as("f finite at x=%s", Arrays.toString(x)).isTrue();
      for (int k = 0; k < model().measurements().size(); k++) {
        assertThat(model().measure(k, x, th)).isFinite();
      }
    }
  }

  @Test
  void keepsPhysicalBoundsUnderZeroInput() {
    var sim = new Simulator(OdePropagator.dormandPrince(1e-10, 1e-8));
    double[] times = new double[145];
    for (int k = 0; k < times.length; k++) {
      times[k] = 10.0 * k;
    }
    for (int s = 0; s < 20; s++) {
      double[] th = sampleTheta();
      var tr = sim.simulate(model(), th, sampleState(), 0, DosingSchedule.empty(), times);
      for (int k = 0; k < tr.size(); k++) {
        for (int i = 0; i < model().stateDimension(); i++) {
          var v = model().states().get(i);
          double tol = 1e-9 * v.scale();
          assertThat(tr.state(k, i)).as("%s at %s min", v.name(), times[k])
              .isBetween(v.lowerBound() - tol, v.upperBound() + tol);
        }
      }
    }
  }

  @Test
  void bolusesJumpWithinBoundsAndZeroBolusChangesNothing() {
    double[] th = ParameterVectors.typical(model(), covariates());
    for (int c = 0; c < model().bolusInputs().size(); c++) {
      double[] x = sampleState();
      double[] before = x.clone();
      model().applyBolus(c, 0.0, x, th);
      assertThat(x).containsExactly(before);
      model().applyBolus(c, 10.0, x, th);
      assertThat(x).isNotEqualTo(before);
      assertThat(model().states().admits(x)).isTrue();
    }
  }

  @Test
  void doesNotMutateItsInputs() {
    double[] th = sampleTheta();
    double[] x = sampleState();
    double[] u = new double[model().rateInputs().size()];
    Arrays.fill(u, 1.5);
    double[] th0 = th.clone();
    double[] x0 = x.clone();
    double[] u0 = u.clone();
    model().derivative(3, x, u, th, new double[x.length]);
    model().measure(0, x, th);
    assertThat(th).containsExactly(th0);
    assertThat(x).containsExactly(x0);
    assertThat(u).containsExactly(u0);
  }

  @Test
  void lookupsByNameFailNamingWhatExists() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> model().parameterIndex("nope"))
        .hasMessageContaining("no parameter 'nope'");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> model().measurementIndex("nope"))
        .hasMessageContaining("no measurement 'nope'");
  }

  /** A declared readout is what measure() computes, for every sampled state and parameter vector. */
  @Test
  void declaredReadoutsAgreeWithMeasure() {
    var m = model();
    for (int k = 0; k < m.measurements().size(); k++) {
      var readout = m.readout(k);
      if (readout.isEmpty()) {
        continue;
      }
      Readout r = readout.get();
      assertThat(r.state()).isLessThan(m.stateDimension());
      assertThat(r.parameter()).isLessThan(m.parameters().size());
      for (int s = 0; s < SAMPLES; s++) {
        double[] x = sampleState();
        double[] theta = sampleTheta();
        double expected = m.measure(k, x, theta);
        assertThat(r.factor(theta) * x[r.state()]).as("measurement %d", k)
            .isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-12 * Math.max(1, Math.abs(expected))));
      }
    }
  }

  static final Covariates ADULT = Covariates.none().weightKg(75).creatinineClearanceMlPerMin(85)
      .with(Covariate.HAEMODIALYSIS, false);
}
