package org.icutwin.core.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Dormand-Prince: order 5 at fixed step, and the adaptive mode meets its tolerance. */
class DormandPrinceIntegratorTest extends OdeIntegratorContractTest {

  @Override
  OdeIntegrator integrator(double h) {
    return DormandPrinceIntegrator.fixedStep(h);
  }

  @Override
  int expectedOrder() {
    return 5;
  }

  @Override
  double coarseStep() {
    return 0.0625;
  }

  @Test
  void adaptiveModeMeetsTolerance() {
    double[] y = {1.0};
    new DormandPrinceIntegrator(1e-10, 1e-10, 10).integrate((t, s, d) -> d[0] = s[0] * Math.cos(t), 0, 20, y);
    assertThat(y[0]).isCloseTo(Math.exp(Math.sin(20)), org.assertj.core.api.Assertions.within(1e-8));
  }
}
