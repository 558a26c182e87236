package org.icutwin.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import java.util.stream.Stream;
import org.icutwin.core.model.Covariates;
import org.icutwin.core.model.ParameterVectors;
import org.icutwin.core.simulation.Rk4Integrator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Bergman model's own RK4 kernels (minimal, and with the gut compartment) take the generic
 * integrator's steps and agree with it to rounding.
 */
class Rk4SpecialisedTest {

  static Stream<BergmanInsulinModel> models() {
    return Stream.of(ModelCatalog.bergmanMinimal(), ModelCatalog.insulinBergman());
  }

  @ParameterizedTest
  @MethodSource("models")
  void bergmanKernelMatchesTheGenericRk4OnRandomStatesInputsAndIntervals(BergmanInsulinModel model) {
    var rnd = new Random(5);
    double[] typical = ParameterVectors.typical(model, Covariates.none().weightKg(80));
    int n = model.states().size();
    for (int trial = 0; trial < 200; trial++) {
      double[] theta = typical.clone();
      for (int j = 0; j < theta.length; j++) {
        theta[j] *= Math.exp(0.3 * rnd.nextGaussian());
      }
      double[] u = {rnd.nextDouble() * 150, rnd.nextDouble(), rnd.nextDouble() * 0.5, rnd.nextDouble() * 0.3};
      double[] x0 = {1 + 20 * rnd.nextDouble(), 0.03 * rnd.nextGaussian(), 200 * rnd.nextDouble(), 80 * rnd.nextDouble()};
      x0 = java.util.Arrays.copyOf(x0, n);
      double t0 = 1000 * rnd.nextDouble();
      double t1 = t0 + 90 * rnd.nextDouble();
      double step = 0.25 + 2 * rnd.nextDouble();
      double[] generic = x0.clone();
      new Rk4Integrator(step).integrate((t, s, d) -> model.derivative(t, s, u, theta, d), t0, t1, generic);
      double[] fast = x0.clone();
      model.propagateRk4(theta, u, t0, t1, step, fast);
      for (int i = 0; i < n; i++) {
        assertThat(fast[i]).isCloseTo(generic[i], within(1e-12 * (1 + Math.abs(generic[i]))));
      }
    }
  }
}
