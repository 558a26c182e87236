package org.icutwin.core.simulation;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class Rk4IntegratorTest extends OdeIntegratorContractTest {

  @Override
  OdeIntegrator integrator(double h) {
    return new Rk4Integrator(h);
  }

  @Override
  int expectedOrder() {
    return 4;
  }

  @Override
  double coarseStep() {
    return 0.2;
  }

  @Test
  void rejectsNonPositiveOrNonFiniteStep() {
    assertThatThrownBy(() -> new Rk4Integrator(0)).hasMessageContaining("step");
    assertThatThrownBy(() -> new Rk4Integrator(Double.NaN)).hasMessageContaining("step");
    assertThatThrownBy(() -> new Rk4Integrator(Double.POSITIVE_INFINITY)).hasMessageContaining("step");
  }

  @Test
  void rejectsBackwardIntegration() {
    assertThatThrownBy(() -> new Rk4Integrator(1).integrate((t, y, d) -> d[0] = 0, 2, 1, new double[1]))
        .hasMessageContaining("backwards");
  }
}
