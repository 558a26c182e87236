package org.icutwin.core.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Contract every fixed-step integrator meets: its observed order of accuracy, log2 of the
 * global error ratio under step halving, equals its theoretical order within ±0.3.
 */
abstract class OdeIntegratorContractTest {

  /** An integrator taking steps of exactly {@code h}. */
  abstract OdeIntegrator integrator(double h);

  abstract int expectedOrder();

  /** Coarsest step of the refinement study: small enough for the asymptotic regime, large enough to stay above round-off. */
  abstract double coarseStep();

  /** y' = y·cos t, y(0) = 1; exact y = exp(sin t). Non-autonomous, so the stage times matter. */
  @Test
  void observedOrderOnNonAutonomousScalarProblem() {
    Rhs f = (t, y, d) -> d[0] = y[0] * Math.cos(t);
    double tEnd = 5.0;
    double exact = Math.exp(Math.sin(tEnd));
    assertOrder(f, new double[] {1.0}, tEnd, y -> Math.abs(y[0] - exact));
  }

  /** x'' = −x as a first-order system from (1, 0); exact (cos t, −sin t). */
  @Test
  void observedOrderOnHarmonicOscillator() {
    Rhs f = (t, y, d) -> {
      d[0] = y[1];
      d[1] = -y[0];
    };
    double tEnd = 6.0;
    assertOrder(f, new double[] {1.0, 0.0}, tEnd,
        y -> Math.hypot(y[0] - Math.cos(tEnd), y[1] + Math.sin(tEnd)));
  }

  /** y' = −y from 1 over [0, 10]: exact e^{−10}; the classic TestProblem1. */
  @Test
  void observedOrderOnExponentialDecay() {
    Rhs f = (t, y, d) -> d[0] = -y[0];
    double tEnd = 10.0;
    assertOrder(f, new double[] {1.0}, tEnd, y -> Math.abs(y[0] - Math.exp(-tEnd)));
  }

  @Test
  void zeroLengthIntervalLeavesStateUnchanged() {
    double[] y = {3.0};
    integrator(coarseStep()).integrate((t, s, d) -> d[0] = 1.0, 2.0, 2.0, y);
    assertThat(y[0]).isEqualTo(3.0);
  }

  private void assertOrder(Rhs f, double[] y0, double tEnd, java.util.function.ToDoubleFunction<double[]> error) {
    double h = coarseStep();
    double[] errors = new double[3];
    for (int k = 0; k < 3; k++) {
      double step = h / (1 << k);
      double[] y = y0.clone();
      integrator(step).integrate(f, 0.0, tEnd, y);
      errors[k] = error.applyAsDouble(y);
    }
    double order1 = Math.log(errors[0] / errors[1]) / Math.log(2);
    double order2 = Math.log(errors[1] / errors[2]) / Math.log(2);
    assertThat(order1).as("observed order, h -> h/2 (errors %s)", java.util.Arrays.toString(errors))
        .isCloseTo(expectedOrder(), within(0.3));
    assertThat(order2).as("observed order, h/2 -> h/4 (errors %s)", java.util.Arrays.toString(errors))
        .isCloseTo(expectedOrder(), within(0.3));
  }
}
