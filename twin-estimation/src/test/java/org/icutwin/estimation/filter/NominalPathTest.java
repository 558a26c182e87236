package org.icutwin.estimation.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.icutwin.core.catalog.BergmanInsulinModel;
import org.icutwin.core.catalog.ModelCatalog;
import org.icutwin.core.model.Covariates;
import org.icutwin.core.model.NoiseModel;
import org.icutwin.core.model.ParameterVectors;
import org.icutwin.core.simulation.DoseEvent;
import org.icutwin.core.simulation.DosingSchedule;
import org.icutwin.core.simulation.OdePropagator;
import org.icutwin.core.simulation.Simulator;
import org.icutwin.estimation.Observation;
import org.junit.jupiter.api.Test;

/**
 * The nominal path of a filter is the model's own trajectory from the posterior mean (states, and
 * parameters at the median exp(E[log θ])), with no spread; it leaves the filter untouched.
 */
class NominalPathTest {
  private static final BergmanInsulinModel MODEL = ModelCatalog.bergmanMinimal();
  private static final NoiseModel LAB = new NoiseModel.Combined(0.1, 0.04);
  private static final double[] RATES = {50, 0.4, 0, 0};

  /** A glucose twin 30 min in, p3 and Gb estimated, after one laboratory reading. */
  private static StateEstimator twin() {
    StateEstimator f = ForecastCheckpointTest.twin();
    f.predict(30, RATES);
    f.update(Observation.of("lab1", 30, "glucose", 9.4, LAB, "lab"), Double.POSITIVE_INFINITY);
    return f;
  }

  private static DosingSchedule plan() {
    return new DosingSchedule(List.of(new DoseEvent.RateChange(45, "insulin_iv", 120),
        new DoseEvent.RateChange(75, "glucose_enteral", 0.1), new DoseEvent.Bolus(100, "dextrose_bolus", 15),
        new DoseEvent.RateChange(130, "insulin_iv", 20)));
  }

  private static double[] grid() {
    double[] t = new double[24];
    for (int j = 0; j < t.length; j++) {
      t[j] = 30 + 10 * (j + 1);
    }
    return t;
  }

  @Test
  void followsTheModelFromThePosteriorMeanAsAnIndependentIntegratorDoes() {
    StateEstimator f = twin();
    Estimate e = f.estimate();
    double[] theta = ParameterVectors.typical(MODEL, Covariates.none().weightKg(80));
    theta[MODEL.parameterIndex("p3")] = e.parameterMedian("p3");
    theta[MODEL.parameterIndex("Gb")] = e.parameterMedian("Gb");
    double[] x0 = new double[MODEL.stateDimension()];
    for (int i = 0; i < x0.length; i++) {
      x0[i] = e.mean(i);
    }
    double[] times = grid();
    // Reference: adaptive Dormand-Prince at tight tolerances, not the filter's fixed-step RK4.
    var reference = new Simulator(OdePropagator.dormandPrince(1e-10, 1e-10)).simulate(MODEL, theta, x0, 30,
        new DosingSchedule(concat(List.of(new DoseEvent.RateChange(0, "insulin_iv", RATES[0]),
            new DoseEvent.RateChange(0, "glucose_enteral", RATES[1])), plan().events())), times);
    double[] glucose = reference.measurement(MODEL, theta, "glucose");

    List<Forecast.Point> nominal = Forecast.of(f.nominalPath(), MODEL, RATES, plan(), "glucose", LAB, times);
    for (int j = 0; j < times.length; j++) {
      assertThat(nominal.get(j).mean()).as("t = %s", times[j]).isCloseTo(glucose[j], within(1e-5 * glucose[j]));
      assertThat(nominal.get(j).modelSd()).isZero();
    }
    // It is the mean path, not the filter's forecast mean: the two differ by the spread's effect,
    // a little (second order in the posterior sd), but not by nothing.
    List<Forecast.Point> filtered = Forecast.of(f, MODEL, RATES, plan(), "glucose", LAB, times);
    double largest = 0;
    for (int j = 0; j < times.length; j++) {
      largest = Math.max(largest, Math.abs(filtered.get(j).mean() - nominal.get(j).mean()));
    }
    assertThat(largest).isGreaterThan(1e-6).isLessThan(0.5);
  }

  /**
   * What a controller uses it for: the sensitivity of predicted glucose to an insulin move. On the
   * nominal path it has the filter forecast's sign and shape; they differ by terms of second order
   * in the posterior spread, here (p3 uncertain by a log-sd of 0.4-0.6) by at most 20%, most
   * 1-2 h after the move (measured 0.93-1.20 times the filter's), and less than 5% from 3 h on.
   */
  @Test
  void itsSensitivityToAnInsulinMoveIsCloseToTheFilterForecasts() {
    StateEstimator f = twin();
    assertThat(f.estimate().parameterLogSd("p3")).isBetween(0.4, 0.6);
    double[] times = grid();
    double h = 0.5; // mU/min on a 120 mU/min move
    var up = new DosingSchedule(List.of(new DoseEvent.RateChange(45, "insulin_iv", 120 + h),
        new DoseEvent.RateChange(75, "glucose_enteral", 0.1), new DoseEvent.Bolus(100, "dextrose_bolus", 15),
        new DoseEvent.RateChange(130, "insulin_iv", 20)));
    List<Forecast.Point> nominal0 = Forecast.of(f.nominalPath(), MODEL, RATES, plan(), "glucose", LAB, times);
    List<Forecast.Point> nominal1 = Forecast.of(f.nominalPath(), MODEL, RATES, up, "glucose", LAB, times);
    List<Forecast.Point> filtered0 = Forecast.of(f, MODEL, RATES, plan(), "glucose", LAB, times);
    List<Forecast.Point> filtered1 = Forecast.of(f, MODEL, RATES, up, "glucose", LAB, times);
    for (int j = 2; j < times.length; j++) {
      double byPath = (nominal1.get(j).mean() - nominal0.get(j).mean()) / h;
      double byFilter = (filtered1.get(j).mean() - filtered0.get(j).mean()) / h;
      assertThat(byFilter).as("t = %s", times[j]).isNegative();
      double tolerance = times[j] >= 45 + 180 ? 0.05 : 0.25;
      assertThat(byPath).as("t = %s", times[j]).isCloseTo(byFilter, within(tolerance * Math.abs(byFilter)));
    }
  }

  @Test
  void leavesTheFilterUntouchedAndTakesNoData() {
    StateEstimator f = twin();
    FilterState before = f.exportState();
    StateEstimator nominal = f.nominalPath();
    nominal.predict(90, RATES);
    nominal.applyBolus(0, 10);
    assertThat(f.exportState()).usingRecursiveComparison().isEqualTo(before);
    assertThat(nominal.timeMin()).isEqualTo(90);
    assertThat(f.timeMin()).isEqualTo(30);
    assertThatThrownBy(() -> nominal.update(Observation.of("lab2", 90, "glucose", 8.0, LAB, "lab"),
        Double.POSITIVE_INFINITY))
        .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("not updated with data");
    // Copies are independent too.
    StateEstimator copy = nominal.copy();
    copy.predict(120, RATES);
    assertThat(nominal.timeMin()).isEqualTo(90);
    assertThat(nominal.predictMeasurement(0)[0]).isNotEqualTo(copy.predictMeasurement(0)[0]);
  }

  @Test
  void equalsTheFilterMeanOnALinearModelWithKnownParameters() {
    // One-compartment PK, parameters known: the unscented transform of a linear map is exact, so
    // the filter's forecast mean is the model's path from the mean.
    StateEstimator f = new UnscentedKalmanFilter(StateEstimatorContractTest.linearSetup(),
        Propagators.forModel(StateEstimatorContractTest.PK, 1.0));
    var pk = StateEstimatorContractTest.PK;
    var plan = new DosingSchedule(List.of(new DoseEvent.RateChange(20, "infusion", 6.0),
        new DoseEvent.Bolus(50, "bolus", 40), new DoseEvent.RateChange(80, "infusion", 0)));
    double[] times = {5, 20, 35, 50, 65, 90, 150};
    List<Forecast.Point> filtered = Forecast.of(f, pk, new double[] {3.0}, plan, "concentration", LAB, times);
    List<Forecast.Point> nominal = Forecast.of(f.nominalPath(), pk, new double[] {3.0}, plan, "concentration", LAB,
        times);
    for (int j = 0; j < times.length; j++) {
      assertThat(nominal.get(j).mean()).isCloseTo(filtered.get(j).mean(), within(1e-9));
    }
  }

  private static List<DoseEvent> concat(List<DoseEvent> a, List<DoseEvent> b) {
    var out = new java.util.ArrayList<DoseEvent>(a);
    out.addAll(b);
    return out;
  }
}
