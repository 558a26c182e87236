package org.icutwin.estimation.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.icutwin.core.catalog.BergmanInsulinModel;
import org.icutwin.core.catalog.MammillaryPkModel;
import org.icutwin.core.catalog.ModelCatalog;
import org.icutwin.core.model.Covariate;
import org.icutwin.core.model.Covariates;
import org.icutwin.core.model.InputChannel;
import org.icutwin.core.model.MeasurementSpec;
import org.icutwin.core.model.NoiseModel;
import org.icutwin.core.model.ParameterSpec;
import org.icutwin.core.model.ParameterVectors;
import org.icutwin.core.model.PhysiologicalModel;
import org.icutwin.core.model.Readout;
import org.icutwin.core.model.StateLayout;
import org.icutwin.core.simulation.Rk4Specialised;
import org.icutwin.estimation.Observation;
import org.junit.jupiter.api.Test;

/**
 * The UKF's closed-form update for a linear readout (glucose = G) gives what the unscented
 * transform of re-drawn sigma points gives: the same model with its readout hidden is run
 * through the sigma-point path on the same data, and the two posteriors agree to round-off.
 */
class UnscentedLinearReadoutTest {
  private static final BergmanInsulinModel BERGMAN = ModelCatalog.bergmanMinimal();

  @Test
  void closedFormUpdateMatchesTheSigmaPointUpdateOverAStay() {
    double[] theta = ParameterVectors.typical(BERGMAN, Covariates.none().weightKg(75));
    var estimated = List.of(EstimatedParameter.drifting("p3", 0.6, 0.3), EstimatedParameter.drifting("Gb", 0.25, 0.2));
    UnscentedKalmanFilter linear = filter(BERGMAN, theta, estimated);
    UnscentedKalmanFilter sigma = filter(new HiddenReadout(BERGMAN), theta, estimated);
    assertThat(linear.space().readoutCoordinate(BergmanInsulinModel.GLUCOSE)).isEqualTo(BergmanInsulinModel.G);
    assertThat(sigma.space().readoutCoordinate(BergmanInsulinModel.GLUCOSE)).isEqualTo(-1);

    Random random = new Random(20261204L);
    NoiseModel cgm = new NoiseModel.Combined(0.3, 0.1);
    double[] rates = {0, 0.45, 0, 0};
    int accepted = 0;
    for (int step = 1; step <= 12 * 24; step++) { // 24 h of 5-min CGM, insulin changed hourly
      double t = 5.0 * step;
      if (step % 12 == 0) {
        rates[0] = 1000.0 / 60 * random.nextInt(6);
      }
      linear.predict(t, rates);
      sigma.predict(t, rates);
      double g = 7 + 3 * Math.sin(t / 300) + 0.5 * random.nextGaussian();
      Observation obs = Observation.of("g" + step, t, "glucose", g, cgm, "cgm");
      UpdateOutcome a = linear.update(obs, 9.0);
      UpdateOutcome b = sigma.update(obs, 9.0);
      assertThat(a.applied()).isEqualTo(b.applied());
      assertThat(a.nis()).isCloseTo(b.nis(), within(1e-9 * Math.max(1, b.nis())));
      accepted += a.applied() ? 1 : 0;
      assertThat(linear.predictMeasurement(0)).containsExactly(sigma.predictMeasurement(0), within(1e-9));
    }
    assertThat(accepted).isGreaterThan(200);
    double[] ma = linear.estimate().mean();
    double[] mb = sigma.estimate().mean();
    double[][] pa = linear.estimate().covariance();
    double[][] pb = sigma.estimate().covariance();
    for (int i = 0; i < ma.length; i++) {
      assertThat(ma[i]).isCloseTo(mb[i], within(1e-9 * Math.max(1, Math.abs(mb[i]))));
      for (int j = 0; j < ma.length; j++) {
        assertThat(pa[i][j]).isCloseTo(pb[i][j], within(1e-9 * Math.sqrt(pb[i][i] * pb[j][j])));
      }
    }
  }

  @Test
  void aReadoutThroughAnEstimatedParameterIsNotLinearInTheAugmentedState() {
    MammillaryPkModel vanco = ModelCatalog.vancomycinGoti2018();
    double[] theta = ParameterVectors.typical(vanco, Covariates.none().weightKg(75).creatinineClearanceMlPerMin(80)
        .with(Covariate.HAEMODIALYSIS, false));
    var clOnly = new EstimationSetup(vanco, theta, List.of(EstimatedParameter.drifting("CL", 0.38, 0.2)),
        new double[] {900, 600}, new double[] {200, 200}, new double[] {1, 1}, 0);
    var withV1 = new EstimationSetup(vanco, theta, List.of(EstimatedParameter.drifting("CL", 0.38, 0.2),
        EstimatedParameter.drifting("V1", 0.8, 0.1)), new double[] {900, 600}, new double[] {200, 200}, new double[] {1, 1}, 0);
    AugmentedSpace a = new AugmentedSpace(clOnly);
    AugmentedSpace b = new AugmentedSpace(withV1);
    assertThat(a.readoutCoordinate(0)).isZero();
    // c·z_0 = (A1/scale)·scale/V1 = A1/V1
    assertThat(a.readoutFactor(0) * 900 / vanco.states().variables().get(0).scale()).isCloseTo(900 / theta[1], within(1e-12));
    assertThat(b.readoutCoordinate(0)).isEqualTo(-1);
  }

  private static UnscentedKalmanFilter filter(PhysiologicalModel model, double[] theta, List<EstimatedParameter> est) {
    var setup = new EstimationSetup(model, theta, est, new double[] {9, 0.001, 20}, new double[] {1.5, 0.003, 10},
        new double[] {0.02, 1e-4, 0.5}, 0);
    return new UnscentedKalmanFilter(setup, Propagators.forModel(BERGMAN, 1.0));
  }

  /** The Bergman model without its readout declaration (and with its RK4 kernel, so propagation is identical). */
  private record HiddenReadout(BergmanInsulinModel m) implements PhysiologicalModel, Rk4Specialised {
    @Override public String id() { return m.id(); }
    @Override public String description() { return m.description(); }
    @Override public StateLayout states() { return m.states(); }
    @Override public List<InputChannel> rateInputs() { return m.rateInputs(); }
    @Override public List<InputChannel> bolusInputs() { return m.bolusInputs(); }
    @Override public List<ParameterSpec> parameters() { return m.parameters(); }
    @Override public List<MeasurementSpec> measurements() { return m.measurements(); }
    @Override public void derivative(double t, double[] x, double[] u, double[] th, double[] dxdt) { m.derivative(t, x, u, th, dxdt); }
    @Override public double measure(int k, double[] x, double[] th) { return m.measure(k, x, th); }
    @Override public Optional<Readout> readout(int k) { return Optional.empty(); }
    @Override public void applyBolus(int channel, double amount, double[] x, double[] th) { m.applyBolus(channel, amount, x, th); }
    @Override public double[] initialState(double[] th) { return m.initialState(th); }
    @Override public void propagateRk4(double[] th, double[] u, double t0, double t1, double maxStep, double[] x) {
      m.propagateRk4(th, u, t0, t1, maxStep, x);
    }
  }
}
