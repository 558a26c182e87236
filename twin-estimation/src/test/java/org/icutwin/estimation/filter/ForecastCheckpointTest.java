package org.icutwin.estimation.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.icutwin.core.catalog.BergmanInsulinModel;
import org.icutwin.core.catalog.ModelCatalog;
import org.icutwin.core.model.Covariates;
import org.icutwin.core.model.NoiseModel;
import org.icutwin.core.model.ParameterVectors;
import org.icutwin.core.simulation.DoseEvent;
import org.icutwin.core.simulation.DosingSchedule;
import org.junit.jupiter.api.Test;

/**
 * A forecast resumed from a checkpoint is exactly (bit for bit) the same as a whole forecast under
 * the changed plan, so a controller may perturb one move and predict only from its start on.
 */
class ForecastCheckpointTest {
  private static final BergmanInsulinModel MODEL = ModelCatalog.bergmanMinimal();
  private static final NoiseModel LAB = new NoiseModel.Combined(0.1, 0.04);

  /** An 80-kg glucose twin, p3 and Gb estimated, at 3 min on 50 mU/min insulin and a feed (NominalPathTest builds on it). */
  static StateEstimator twin() {
    double[] theta = ParameterVectors.typical(MODEL, Covariates.none().weightKg(80));
    var setup = new EstimationSetup(MODEL, theta,
        List.of(EstimatedParameter.drifting("p3", 0.6, 0.5), EstimatedParameter.drifting("Gb", 0.25, 0.2)),
        new double[] {11, 0.002, 25}, new double[] {1, 0.003, 10}, new double[] {0.05, 1e-4, 0.5}, 0);
    StateEstimator f = new UnscentedKalmanFilter(setup, Propagators.forModel(MODEL, 1.0));
    f.predict(3, new double[] {50, 0.4, 0, 0});
    return f;
  }

  /** Insulin moves every 20 min from t = 3, a feed change at 50 and a dextrose bolus at 95, on a 7-min grid. */
  private static DosingSchedule plan(double[] insulin) {
    var events = new ArrayList<DoseEvent>();
    events.add(new DoseEvent.RateChange(50, "glucose_enteral", 0.2));
    events.add(new DoseEvent.Bolus(95, "dextrose_bolus", 20));
    for (int k = 0; k < insulin.length; k++) {
      events.add(new DoseEvent.RateChange(3 + 20 * k, "insulin_iv", insulin[k]));
    }
    return new DosingSchedule(events);
  }

  private static double[] grid() {
    double[] t = new double[20];
    for (int j = 0; j < t.length; j++) {
      t[j] = 3 + 7 * (j + 1);
    }
    return t;
  }

  @Test
  void resumedForecastEqualsTheWholeForecastBitForBit() {
    StateEstimator twin = twin();
    double[] rates = {50, 0.4, 0, 0};
    double[] u = {60, 80, 40, 40, 20, 10};
    var checkpoints = new ArrayList<Forecast.Checkpoint>();
    List<Forecast.Point> base = Forecast.of(twin, MODEL, rates, plan(u), "glucose", LAB, grid(),
        e -> e instanceof DoseEvent.RateChange r && r.channel().equals("insulin_iv"), checkpoints);
    assertThat(base).isEqualTo(Forecast.of(twin, MODEL, rates, plan(u), "glucose", LAB, grid()));
    assertThat(checkpoints).hasSize(u.length);
    for (int k = 0; k < u.length; k++) {
      double[] changed = u.clone();
      changed[k] += 7.5;
      List<Forecast.Point> whole = Forecast.of(twin, MODEL, rates, plan(changed), "glucose", LAB, grid());
      Forecast.Checkpoint cp = checkpoints.get(k);
      List<Forecast.Point> rest = Forecast.resume(cp, MODEL, plan(changed), "glucose", LAB, grid());
      assertThat(rest).as("move %d", k).isEqualTo(whole.subList(cp.timeIndex(), whole.size()));
      // Before the move, the changed plan predicts what the base did; after it, something else.
      assertThat(whole.subList(0, cp.timeIndex())).isEqualTo(base.subList(0, cp.timeIndex()));
      assertThat(rest.get(rest.size() - 1).mean()).isNotEqualTo(base.get(base.size() - 1).mean());
    }
    // Resuming never touches the checkpoint: a second resume gives the same points.
    assertThat(Forecast.resume(checkpoints.get(2), MODEL, plan(u), "glucose", LAB, grid()))
        .isEqualTo(base.subList(checkpoints.get(2).timeIndex(), base.size()));
  }

  @Test
  void theTwinsOwnEstimatorIsNotChanged() {
    StateEstimator twin = twin();
    double[] before = twin.estimate().mean();
    var checkpoints = new ArrayList<Forecast.Checkpoint>();
    Forecast.of(twin, MODEL, new double[] {50, 0.4, 0, 0}, plan(new double[] {60, 80}), "glucose", LAB, grid(),
        e -> true, checkpoints);
    Forecast.resume(checkpoints.get(1), MODEL, plan(new double[] {60, 90}), "glucose", LAB, grid());
    assertThat(twin.timeMin()).isEqualTo(3.0);
    assertThat(twin.estimate().mean()).isEqualTo(before);
  }

  @Test
  void aTimeBeforeTheEstimateIsRefused() {
    assertThatThrownBy(() -> Forecast.of(twin(), MODEL, new double[] {50, 0.4, 0, 0}, DosingSchedule.empty(), "glucose",
        LAB, new double[] {1.0}, e -> true, new ArrayList<>()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("before the estimate");
  }
}
