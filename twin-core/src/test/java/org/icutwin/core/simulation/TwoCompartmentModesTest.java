package org.icutwin.core.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.icutwin.core.catalog.MammillaryPkModel;
import org.icutwin.core.model.NoiseModel;
import org.icutwin.core.model.ParameterSpec;
import org.junit.jupiter.api.Test;

/** The closed-form two-compartment modes agree with a tight Dormand-Prince over random parameters. */
class TwoCompartmentModesTest {

  @Test
  void closedFormTwoCompartmentPropagationMatchesTheNumericalSolution() {
    var rnd = new Random(17);
    var model = new MammillaryPkModel("pk2", "drug", 2, false, "mg", 10, List.of(
        ParameterSpec.fixed("CL", "L/min", 1, "t"), ParameterSpec.fixed("V1", "L", 1, "t"),
        ParameterSpec.fixed("Q2", "L/min", 1, "t"), ParameterSpec.fixed("V2", "L", 1, "t")), new NoiseModel.Additive(1));
    var exact = new LinearPkExactPropagator();
    var dp = OdePropagator.dormandPrince(1e-12, 1e-12);
    for (int trial = 0; trial < 100; trial++) {
      double[] theta = {0.01 + rnd.nextDouble(), 5 + 80 * rnd.nextDouble(), 0.01 + rnd.nextDouble(), 5 + 80 * rnd.nextDouble()};
      double[] u = {rnd.nextDouble() * 30};
      double[] x0 = {rnd.nextDouble() * 2000, rnd.nextDouble() * 2000};
      double h = 1 + 200 * rnd.nextDouble();
      double[] a = x0.clone();
      double[] b = x0.clone();
      exact.propagate(model, theta, u, 0, h, a);
      dp.propagate(model, theta, u, 0, h, b);
      for (int i = 0; i < 2; i++) {
        assertThat(a[i]).isCloseTo(b[i], within(1e-8 * (1 + Math.abs(b[i]))));
      }
    }
  }

  /**
   * One propagator serves many θ (each sigma point has its own) and models of different sizes,
   * reusing its work arrays: a failed decomposition must not leave a cache that a later call with
   * an earlier θ would trust.
   */
  @Test
  void aReusedPropagatorGivesWhatAFreshOneGivesAfterFailuresAndSizeChanges() {
    var two = new MammillaryPkModel("pk2", "drug", 2, false, "mg", 10, List.of(
        ParameterSpec.fixed("CL", "L/min", 1, "t"), ParameterSpec.fixed("V1", "L", 1, "t"),
        ParameterSpec.fixed("Q2", "L/min", 1, "t"), ParameterSpec.fixed("V2", "L", 1, "t")), new NoiseModel.Additive(1));
    var three = new MammillaryPkModel("pk3", "drug", 3, false, "mg", 10, List.of(
        ParameterSpec.fixed("CL", "L/min", 1, "t"), ParameterSpec.fixed("V1", "L", 1, "t"),
        ParameterSpec.fixed("Q2", "L/min", 1, "t"), ParameterSpec.fixed("V2", "L", 1, "t"),
        ParameterSpec.fixed("Q3", "L/min", 1, "t"), ParameterSpec.fixed("V3", "L", 1, "t")), new NoiseModel.Additive(1));
    double[] good = {0.08, 40, 0.1, 30};
    double[] u = {12};
    var reused = new LinearPkExactPropagator();
    double[] first = {900, 300};
    reused.propagate(two, good, u, 0, 60, first);
    double[] bad = {-0.05, 40, 0.1, 30}; // CL < 0: a positive eigenvalue, refused
    assertThatThrownBy(() -> reused.propagate(two, bad, u, 0, 60, new double[] {900, 300}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not dissipative");
    double[] afterFailure = {900, 300};
    reused.propagate(two, good, u, 0, 60, afterFailure); // the θ of the last successful decomposition
    double[] fresh = {900, 300};
    new LinearPkExactPropagator().propagate(two, good, u, 0, 60, fresh);
    assertThat(afterFailure).containsExactly(fresh);
    assertThat(first).containsExactly(fresh);
    double[] fresh3 = {500, 200, 100};
    new LinearPkExactPropagator().propagate(three, new double[] {0.08, 40, 0.1, 30, 0.01, 20}, u, 0, 60, fresh3);
    double[] x3 = {500, 200, 100};
    reused.propagate(three, new double[] {0.08, 40, 0.1, 30, 0.01, 20}, u, 0, 60, x3);
    double[] again = {900, 300};
    reused.propagate(two, good, u, 0, 60, again);
    assertThat(again).containsExactly(fresh);
    // A failure right after a change of size, then the other size again (arrays sized for the failed call).
    assertThatThrownBy(() -> reused.propagate(three, new double[] {-0.05, 40, 0.1, 30, 0.01, 20}, u, 0, 60,
        new double[] {500, 200, 100})).isInstanceOf(IllegalArgumentException.class);
    double[] twoAfterThreeFailed = {900, 300};
    reused.propagate(two, good, u, 0, 60, twoAfterThreeFailed);
    assertThat(twoAfterThreeFailed).containsExactly(fresh);
    assertThatThrownBy(() -> reused.propagate(two, bad, u, 0, 60, new double[] {900, 300}))
        .isInstanceOf(IllegalArgumentException.class);
    double[] threeAfterTwoFailed = {500, 200, 100};
    reused.propagate(three, new double[] {0.08, 40, 0.1, 30, 0.01, 20}, u, 0, 60, threeAfterTwoFailed);
    assertThat(threeAfterTwoFailed).containsExactly(fresh3);
    assertThat(x3).containsExactly(fresh3);
  }
}
