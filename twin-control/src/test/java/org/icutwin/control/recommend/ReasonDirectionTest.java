package org.icutwin.control.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.icutwin.control.mpc.ControlProblem;
import org.icutwin.control.mpc.HypoglycaemiaProtocol;
import org.icutwin.control.mpc.MpcConfig;
import org.icutwin.control.mpc.NonlinearMpc;
import org.icutwin.control.safety.SafetyConfig;
import org.icutwin.control.safety.SafetyEnvelope;
import org.icutwin.control.twin.NorepinephrineSettings;
import org.icutwin.core.catalog.BergmanInsulinModel;
import org.icutwin.core.catalog.ModelCatalog;
import org.icutwin.core.catalog.PkPdModel;
import org.icutwin.core.druglib.DrugLibrary;
import org.icutwin.core.model.Covariates;
import org.icutwin.core.model.ParameterVectors;
import org.icutwin.core.model.PhysiologicalModel;
import org.icutwin.core.simulation.DosingSchedule;
import org.icutwin.estimation.filter.EstimatedParameter;
import org.icutwin.estimation.filter.EstimationSetup;
import org.icutwin.estimation.filter.Propagators;
import org.icutwin.estimation.filter.StateEstimator;
import org.icutwin.estimation.filter.UnscentedKalmanFilter;
import org.icutwin.estimation.monitor.DriftStatus;
import org.junit.jupiter.api.Test;

/**
 * The reason a recommendation gives for its direction must match the drug: more norepinephrine
 * answers a low MAP, more insulin a high glucose. (Found in the demo: a norepinephrine decrease
 * for a MAP rising above the band was explained as "falling towards or below the band".)
 */
class ReasonDirectionTest {
  static final PkPdModel NE = ModelCatalog.norepinephrineMap();
  static final double WEIGHT = 70;
  static final DrugLibrary LIBRARY = DrugLibrary.load(Path.of("../config/drug-library.json"));

  /**
   * As the server does at start: the first solve in a fresh JVM spends the MPC's CPU budget on
   * class loading and compiling and is withheld as a timeout (run alone, this class's first
   * norepinephrine proposal was).
   */
  @org.junit.jupiter.api.BeforeAll
  static void warmUp() {
    org.icutwin.control.twin.WarmUp.run(LIBRARY);
  }

  static InfusionRecommender neRecommender() {
    return new InfusionRecommender(new NonlinearMpc(NorepinephrineSettings.mpc(Optional.empty(), WEIGHT)),
        new SafetyEnvelope(SafetyConfig.defaults()), LIBRARY.find("norepinephrine", "adult-icu"), "norepinephrine",
        "adult-icu", Optional.empty(), 10);
  }

  /** A norepinephrine twin at steady state on {@code rateUgPerMin} whose baseline MAP is {@code map0}. */
  static StateEstimator neTwin(double map0, double rateUgPerMin) {
    double[] theta = ParameterVectors.typical(NE, Covariates.none().weightKg(WEIGHT));
    theta[NE.parameterIndex("MAP0")] = map0;
    var f = new UnscentedKalmanFilter(NorepinephrineSettings.estimation(NE, theta), Propagators.forModel(NE, 1.0));
    f.predict(120, new double[] {rateUgPerMin});
    return f;
  }

  static Recommendation recommendNe(double map0, double rateUgPerMin) {
    var context = new InfusionRecommender.Context(List.of(), OptionalDouble.of(WEIGHT), OptionalDouble.of(120),
        Double.NaN, DriftStatus.IN_CONTROL, Double.POSITIVE_INFINITY);
    return neRecommender().recommend(new ControlProblem(NE, neTwin(map0, rateUgPerMin),
        new double[] {rateUgPerMin}, DosingSchedule.empty(), null, 120), context);
  }

  @Test
  void moreNorepinephrineForALowMapIsAnIncreaseBelowTheBand() {
    Recommendation r = recommendNe(52, 0);
    assertThat(r.action()).isPresent();
    assertThat(r.action().get().value().value()).isPositive();
    assertThat(r.reasons()).contains(RecommendationReason.INCREASE_BELOW_BAND)
        .doesNotContain(RecommendationReason.INCREASE_ABOVE_BAND, RecommendationReason.DECREASE_BELOW_BAND);
  }

  @Test
  void lessNorepinephrineForAHighMapIsADecreaseAboveTheBand() {
    // 0.3 µg/kg/min running on a baseline of 70: MAP far above 75.
    Recommendation r = recommendNe(70, 0.3 * WEIGHT);
    assertThat(r.action()).isPresent();
    assertThat(r.action().get().value().value()).isLessThan(0.3);
    assertThat(r.reasons()).contains(RecommendationReason.DECREASE_ABOVE_BAND)
        .doesNotContain(RecommendationReason.DECREASE_BELOW_BAND, RecommendationReason.INCREASE_BELOW_BAND);
  }

  @Test
  void insulinHeldAtItsMaximumWithGlucoseHighIsAHoldOutOfBandNotInBand() {
    var problem = resistantAtMaxRate(100);
    Recommendation r = InfusionRecommenderTest.RECOMMENDER.recommend(problem, InfusionRecommenderTest.context(100, 16));
    assertThat(r.reasons()).contains(RecommendationReason.HOLD_OUT_OF_BAND, RecommendationReason.AT_MAX_RATE)
        .doesNotContain(RecommendationReason.HOLD_IN_BAND);
  }

  /**
   * A resistant patient at 20 U/h with glucose high, near the rolling 24-h cap: the decrease comes
   * from the cap, and says so, not "predicted falling towards the band" (seen in the product trial:
   * a decrease at glucose 12.9 explained as a fall).
   */
  @Test
  void insulinLoweredBecauseTheCapLeavesNoMoreSaysSoNotThatGlucoseFalls() {
    var problem = resistantAtMaxRate(660);
    // 20 U/h for the last 11 h: 220 of the 250 U the library allows in 24 h.
    var given = new java.util.ArrayList<org.icutwin.control.safety.Administration>();
    for (int h = 0; h < 11; h++) {
      given.add(new org.icutwin.control.safety.Administration(h * 60.0,
          org.icutwin.core.units.Quantity.of(20, "[iU]")));
    }
    var context = new InfusionRecommender.Context(given, OptionalDouble.of(75), OptionalDouble.of(660),
        OptionalDouble.empty(), 16, DriftStatus.IN_CONTROL, Double.POSITIVE_INFINITY, Optional.empty(), 660);
    Recommendation r = InfusionRecommenderTest.RECOMMENDER.recommend(problem, context);
    assertThat(r.action()).isPresent();
    assertThat(r.action().get().value().value()).isLessThan(20);
    assertThat(r.reasons()).contains(RecommendationReason.DECREASE_FOR_CUMULATIVE_CAP,
        RecommendationReason.CUMULATIVE_CAP_LIMITS).doesNotContain(RecommendationReason.DECREASE_BELOW_BAND);
    assertThat(r.activeConstraints()).contains(org.icutwin.control.mpc.ActiveConstraint.CUMULATIVE_CAP);
  }

  /**
   * A very insulin-resistant patient (a twentieth of the typical sensitivity) at glucose 16 with the
   * controller's maximum rate (20 U/h) running since admission; a decision at {@code timeMin}.
   */
  static ControlProblem resistantAtMaxRate(double timeMin) {
    var m = InfusionRecommenderTest.MODEL;
    double[] theta = InfusionRecommenderTest.THETA.clone();
    theta[m.parameterIndex("p3")] *= 0.05;
    var setup = new EstimationSetup(m, theta, List.of(EstimatedParameter.drifting("p3", 0.6, 0.5)),
        new double[] {16, 0, theta[BergmanInsulinModel.IB]}, new double[] {0.5, 0.002, 5},
        new double[] {0.05, 1e-4, 0.5}, 0);
    StateEstimator twin = new UnscentedKalmanFilter(setup, Propagators.forModel(m, 1.0));
    double max = MpcConfig.insulin().maxRate();
    twin.predict(timeMin, new double[] {max, 0.45, 0, 0});
    return new ControlProblem(m, twin, new double[] {max, 0.45, 0, 0}, DosingSchedule.empty(), null, timeMin);
  }

  /** Each shipped configuration's declared direction agrees with its model's predicted response. */
  @Test
  void declaredDirectionMatchesTheModelsResponse() {
    MpcConfig ne = NorepinephrineSettings.mpc(Optional.empty(), WEIGHT);
    assertThat(ne.outputRisesWithRate()).isTrue();
    assertThat(response(NE, neTwin(55, 5), ne, new double[] {5})).isPositive();
    MpcConfig insulin = MpcConfig.insulin();
    assertThat(insulin.outputRisesWithRate()).isFalse();
    assertThat(response(InfusionRecommenderTest.MODEL, InfusionRecommenderTest.twin(10, 0), insulin,
        new double[] {2 * 1000.0 / 60, 0.45, 0, 0})).isNegative();
  }

  /** Predicted output 2 h on with the rate raised by a tenth of its maximum, minus that at the unchanged rate. */
  private static double response(PhysiologicalModel model, StateEstimator twin, MpcConfig c, double[] rates) {
    int ch = PhysiologicalModel.indexOfChannel(model.rateInputs(), c.rateChannel(), model.id());
    int out = model.measurementIndex(c.output());
    StateEstimator base = twin.copy();
    base.predict(twin.timeMin() + 120, rates);
    double[] more = rates.clone();
    more[ch] += 0.1 * c.maxRate();
    StateEstimator raised = twin.copy();
    raised.predict(twin.timeMin() + 120, more);
    return raised.predictMeasurement(out)[0] - base.predictMeasurement(out)[0];
  }
}
