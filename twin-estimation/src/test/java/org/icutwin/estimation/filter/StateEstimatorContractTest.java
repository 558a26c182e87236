package org.icutwin.estimation.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.icutwin.core.catalog.MammillaryPkModel;
import org.icutwin.core.catalog.ModelCatalog;
import org.icutwin.core.model.Covariates;
import org.icutwin.core.model.NoiseModel;
import org.icutwin.core.model.ParameterSpec;
import org.icutwin.core.model.ParameterVectors;
import org.icutwin.core.model.PhysiologicalModel;
import org.icutwin.estimation.Observation;
import org.junit.jupiter.api.Test;

/** The contract every observer meets, run by the EKF and the UKF. */
abstract class StateEstimatorContractTest {

  abstract StateEstimator create(EstimationSetup setup);

  /** One-compartment PK, CL 0.2 L/min, V 10 L: linear dynamics, linear measurement C = A/V. */
  static final MammillaryPkModel PK = new MammillaryPkModel("pk1", "drug", 1, false, "mg", 10, List.of(
      ParameterSpec.fixed("CL", "L/min", 0.2, "test"), ParameterSpec.fixed("V1", "L", 10, "test")),
      new NoiseModel.Additive(0.5));

  static EstimationSetup linearSetup() {
    return new EstimationSetup(PK, new double[] {0.2, 10}, List.of(), new double[] {80}, new double[] {30},
        new double[] {2.0}, 0);
  }

  /**
   * On a linear-Gaussian system both observers are the Kalman filter. Reference in closed form:
   * a = e^{−kΔt}, A ← a·A + (R/k)(1 − a), P ← a²·P + q²·Δt; update with H = 1/V, σ = 0.5 mg/L.
   */
  @Test
  void equalsTheExactKalmanFilterOnALinearGaussianSystem() {
    StateEstimator f = create(linearSetup());
    double k = 0.02;
    double m = 80;
    double p = 900;
    double rate = 3.0;
    double[] times = {10, 25, 60, 61, 120};
    double[] values = {7.0, 6.1, 8.2, 8.0, 11.5};
    double t = 0;
    for (int i = 0; i < times.length; i++) {
      double dt = times[i] - t;
      double a = Math.exp(-k * dt);
      m = a * m + rate / k * (1 - a);
      p = a * a * p + 4.0 * dt;
      f.predict(times[i], new double[] {rate});
      double h = 0.1;
      double s = h * h * p + 0.25;
      double gain = p * h / s;
      m += gain * (values[i] - h * m);
      p = (1 - gain * h) * p;
      var out = f.update(Observation.of("o" + i, times[i], "concentration", values[i], new NoiseModel.Additive(0.5), "lab"),
          Double.POSITIVE_INFINITY);
      assertThat(out.applied()).isTrue();
      assertThat(out.innovationVariance()).isCloseTo(s, within(1e-6 * s));
      t = times[i];
      assertThat(f.estimate().mean(0)).as("mean at %s", t).isCloseTo(m, within(1e-6 * Math.abs(m)));
      assertThat(f.estimate().covariance(0, 0)).as("variance at %s", t).isCloseTo(p, within(1e-5 * p));
    }
  }

  @Test
  void aCopyIsIndependent() {
    StateEstimator f = create(linearSetup());
    StateEstimator c = f.copy();
    f.predict(30, new double[] {5});
    assertThat(c.timeMin()).isZero();
    assertThat(c.estimate().mean(0)).isEqualTo(80.0);
    c.predict(30, new double[] {5});
    assertThat(c.estimate().mean(0)).isEqualTo(f.estimate().mean(0));
  }

  @Test
  void refusesToPredictBackwardsOrWithWrongInputs() {
    StateEstimator f = create(linearSetup());
    f.predict(10, new double[] {1});
    assertThatThrownBy(() -> f.predict(5, new double[] {1})).hasMessageContaining("backwards");
    assertThatThrownBy(() -> f.predict(20, new double[] {1, 2})).hasMessageContaining("1 rate inputs");
    assertThatThrownBy(() -> f.update(Observation.of("x", 10, "nope", 1, new NoiseModel.Additive(1), "lab"), 10))
        .hasMessageContaining("no measurement 'nope'");
  }

  @Test
  void gateRefusesAnOutlierWithoutTouchingTheState() {
    StateEstimator f = create(linearSetup());
    f.predict(10, new double[] {0});
    Estimate before = f.estimate();
    var out = f.update(Observation.of("x", 10, "concentration", 500, new NoiseModel.Additive(0.5), "lab"), 10.83);
    assertThat(out.applied()).isFalse();
    assertThat(out.nis()).isGreaterThan(10.83);
    assertThat(f.estimate().mean()).containsExactly(before.mean());
  }

  @Test
  void bolusShiftsTheAmountAndKeepsItsUncertainty() {
    StateEstimator f = create(linearSetup());
    f.applyBolus(0, 250);
    assertThat(f.estimate().mean(0)).isCloseTo(330, within(1e-9));
    assertThat(f.estimate().covariance(0, 0)).isCloseTo(900, within(1e-6));
  }

  @Test
  void keepsGlucoseNonNegativeAndCovarianceSymmetricPositiveDefiniteOverADay() {
    var model = ModelCatalog.bergmanMinimal();
    double[] theta = ParameterVectors.typical(model, Covariates.none().weightKg(70));
    var setup = new EstimationSetup(model, theta, List.of(EstimatedParameter.drifting("p3", 0.6, 0.3)),
        model.initialState(theta), new double[] {2, 0.005, 20}, new double[] {0.02, 1e-4, 0.5}, 0);
    StateEstimator f = create(setup);
    double[] rates = {8 * 1000.0 / 60, 0, 0, 0}; // 8 U/h of insulin and no feed: drives glucose towards zero
    for (int h = 1; h <= 24; h++) {
      f.predict(h * 60, rates);
      f.update(Observation.of("g" + h, h * 60, "glucose", Math.max(0.6, 6.0 - h * 0.4), new NoiseModel.Proportional(0.05), "lab"),
          Double.POSITIVE_INFINITY);
      Estimate e = f.estimate();
      assertThat(e.mean(0)).isGreaterThanOrEqualTo(0.0);
      double[][] p = e.covariance();
      for (int i = 0; i < p.length; i++) {
        assertThat(p[i][i]).isPositive();
        for (int j = 0; j < p.length; j++) {
          assertThat(p[i][j]).isEqualTo(p[j][i]);
        }
      }
      org.icutwin.estimation.monitor.Consistency.nees(e.mean(), e.mean(), p); // throws unless positive definite
    }
  }

  @Test
  void estimatedParametersAreReportedOnTheirNaturalScale() {
    PhysiologicalModel model = ModelCatalog.vancomycinGoti2018();
    double[] theta = ParameterVectors.typical(model, Covariates.none().weightKg(70).creatinineClearanceMlPerMin(100)
        .with(org.icutwin.core.model.Covariate.HAEMODIALYSIS, false));
    var setup = new EstimationSetup(model, theta, List.of(new EstimatedParameter("CL", 0.38, 0)),
        new double[] {0, 0}, new double[] {1, 1}, new double[] {0, 0}, 0);
    Estimate e = create(setup).estimate();
    assertThat(e.parameterMedian("CL")).isCloseTo(theta[0], within(1e-12));
    assertThat(e.parameterLogSd("CL")).isCloseTo(0.38, within(1e-12));
    double[] ci = e.parameterInterval90("CL");
    assertThat(ci[0]).isLessThan(theta[0]);
    assertThat(ci[1]).isGreaterThan(theta[0]);
    assertThatThrownBy(() -> e.parameterMedian("V1")).hasMessageContaining("not estimated");
  }
}
