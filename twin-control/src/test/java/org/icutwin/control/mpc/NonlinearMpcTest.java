package org.icutwin.control.mpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.icutwin.core.catalog.BergmanInsulinModel;
import org.icutwin.core.catalog.ModelCatalog;
import org.icutwin.core.model.Covariates;
import org.icutwin.core.model.ParameterVectors;
import org.icutwin.core.simulation.DosingSchedule;
import org.icutwin.estimation.filter.EstimatedParameter;
import org.icutwin.estimation.filter.EstimationSetup;
import org.icutwin.estimation.filter.Propagators;
import org.icutwin.estimation.filter.StateEstimator;
import org.icutwin.estimation.filter.UnscentedKalmanFilter;
import org.junit.jupiter.api.Test;

/** The insulin MPC's decisions in the situations a clinician would check first. */
class NonlinearMpcTest {
  static final BergmanInsulinModel MODEL = ModelCatalog.bergmanMinimal();
  static final double[] THETA = ParameterVectors.typical(MODEL, Covariates.none().weightKg(75));
  static final NonlinearMpc MPC = new NonlinearMpc(MpcConfig.insulin());
  static final double U_PER_H = 1000.0 / 60;

  /** A twin at this glucose with the insulin of the running rate on board (plasma and action at steady state). */
  static StateEstimator twin(double glucose, double glucoseSd, double insulinMuPerMin) {
    double i = THETA[BergmanInsulinModel.IB] + insulinMuPerMin / (THETA[BergmanInsulinModel.N] * THETA[BergmanInsulinModel.VI]);
    double x = THETA[BergmanInsulinModel.P3] / THETA[BergmanInsulinModel.P2] * (i - THETA[BergmanInsulinModel.IB]);
    var setup = new EstimationSetup(MODEL, THETA, List.of(EstimatedParameter.drifting("p3", 0.3, 0.3)),
        new double[] {glucose, x, i}, new double[] {glucoseSd, 0.002, 5},
        new double[] {0.02, 1e-4, 0.5}, 0);
    return new UnscentedKalmanFilter(setup, Propagators.forModel(MODEL, 1.0));
  }

  static MpcResult propose(double glucose, double insulinUPerH, double feed) {
    double[] rates = {insulinUPerH * U_PER_H, feed, 0, 0};
    var plan = DosingSchedule.empty().rate(0, "glucose_enteral", feed);
    return MPC.propose(new ControlProblem(MODEL, twin(glucose, 0.3, rates[0]), rates, plan, null));
  }

  @Test
  void hyperglycaemiaOnFeedRaisesInsulinWithinTheStepLimit() {
    MpcResult r = propose(14.0, 2.0, 0.45);
    assertThat(r.status()).isIn(SolveStatus.CONVERGED, SolveStatus.ITERATION_LIMIT);
    assertThat(r.proposedRate()).isGreaterThan(2.0 * U_PER_H);
    assertThat(r.proposedRate()).isLessThanOrEqualTo((2.0 + 4.0) * U_PER_H + 1e-9);
    // Two hours ahead, glucose is lower under the plan than if the rate were kept.
    assertThat(r.underPlan().get(7).mean()).isLessThan(r.continueAsNow().get(7).mean());
  }

  @Test
  void aSolveThatOutrunsItsTimeBudgetStopsWithTheBestPlanSoFarFlagged() {
    MpcConfig d = MpcConfig.insulin();
    // Converging never (tolerance aside, 10,000 iterations) within a budget of 1 ms of CPU time.
    MpcConfig tight = d.withSolveLimits(10_000, false, 1);
    double[] rates = {2.0 * U_PER_H, 0.45, 0, 0};
    var plan = DosingSchedule.empty().rate(0, "glucose_enteral", 0.45);
    MpcResult r = new NonlinearMpc(tight).propose(new ControlProblem(MODEL, twin(14.0, 0.3, rates[0]), rates, plan,
        null));
    assertThat(r.status()).isIn(SolveStatus.TIME_LIMIT, SolveStatus.CONVERGED);
    if (r.status() == SolveStatus.TIME_LIMIT) {
      assertThat(r.iterations()).isLessThan(10_000);
    }
    for (double u : r.plan()) {
      assertThat(u).isBetween(0.0, 20 * U_PER_H);
    }
    // The budget counts this thread's CPU time, not the wall clock: time spent off the CPU (a busy
    // machine) does not use it up. A 2-s sleep inside a 100-ms budget is therefore not a timeout.
    MpcConfig roomy = d.withSolveLimits(3, d.stopWhenFirstMoveSettles(), 100);
    MpcResult slow = new NonlinearMpc(roomy).propose(new ControlProblem(MODEL, new SleepyEstimator(twin(14.0, 0.3,
        rates[0]), 60), rates, plan, null));
    assertThat(slow.solveMillis()).as("the sleeps happened inside the solve").isGreaterThan(100);
    assertThat(slow.status()).isIn(SolveStatus.CONVERGED, SolveStatus.ITERATION_LIMIT);
  }

  /**
   * Warm-started from its own plan, the insulin controller stops as soon as an iteration leaves the
   * first move where it was (the move it proposes; here the largest step up, from no insulin at
   * glucose 18), and proposes what full iterations would.
   */
  @Test
  void aWarmStartWhoseFirstMoveHoldsStopsAfterOneIteration() {
    double[] rates = {0, 0.45, 0, 0};
    var feed = DosingSchedule.empty().rate(0, "glucose_enteral", 0.45);
    StateEstimator twin = twin(18.0, 0.3, rates[0]);
    MpcResult cold = MPC.propose(new ControlProblem(MODEL, twin, rates, feed, null));
    var warm = new ControlProblem(MODEL, twin, rates, feed, new Plan(cold.plan(), cold.blockStartsMin()));
    MpcResult settled = MPC.propose(warm);
    assertThat(settled.iterations()).isEqualTo(1);
    assertThat(settled.status()).isEqualTo(SolveStatus.CONVERGED);

    MpcConfig d = MpcConfig.insulin();
    MpcConfig full = d.withSolveLimits(d.maxIterations(), false, d.timeLimitMillis());
    MpcResult iterated = new NonlinearMpc(full).propose(warm);
    assertThat(iterated.iterations()).isGreaterThan(1);
    assertThat(settled.proposedRate()).isCloseTo(iterated.proposedRate(),
        org.assertj.core.api.Assertions.within(1e-3 * d.maxRate()));
  }

  @Test
  void lowGlucoseStopsInsulinAndReportsTheRiskBound() {
    MpcResult r = propose(4.3, 3.0, 0.2);
    assertThat(r.proposedRate()).isEqualTo(0.0);
    assertThat(r.active()).contains(ActiveConstraint.AT_MIN_RATE, ActiveConstraint.RISK_BOUND);
  }

  @Test
  void everyMoveOfThePlanRespectsBoundsAndStepLimits() {
    for (double g : new double[] {3.5, 6.0, 9.0, 16.0, 25.0}) {
      for (double current : new double[] {0, 5, 19}) {
        MpcResult r = propose(g, current, 0.45);
        double prev = current * U_PER_H;
        for (double u : r.plan()) {
          assertThat(u).isBetween(0.0, 20 * U_PER_H);
          if (u > prev || !r.active().contains(ActiveConstraint.RISK_SUSPEND)) {
            assertThat(Math.abs(u - prev)).isLessThanOrEqualTo(4 * U_PER_H + 1e-9);
          }
          prev = u;
        }
        assertThat(r.underPlan()).hasSize(24);
      }
    }
  }

  @Test
  void inBandAndStableKeepsRoughlyTheCurrentRate() {
    // Find the steady insulin for glucose 6.5 on this feed, start there: the MPC should not swing.
    MpcResult r = propose(6.5, 1.5, 0.45);
    assertThat(Math.abs(r.proposedRate() - 1.5 * U_PER_H)).isLessThan(2.0 * U_PER_H);
  }

  /**
   * A limit from a cap window ending after the horizon (the last move continued 10 h past it) holds
   * the plan's last rate down; one that no plan within the step limit can meet does not fail the
   * solve: the plan comes down by the largest step per move.
   */
  @Test
  void aCapWindowBeyondTheHorizonLimitsTheLastRateAndNeverMakesTheSolveFail() {
    double[] rates = {4 * U_PER_H, 0.45, 0, 0};
    var plan = DosingSchedule.empty().rate(0, "glucose_enteral", 0.45);
    var free = new ControlProblem(MODEL, twin(16, 0.3, rates[0]), rates, plan, null);
    MpcResult unlimited = MPC.propose(free);
    // The whole plan, its last rate continued 10 h: half of what the unconstrained plan would deliver.
    double[] minutes = {60, 60, 120, 120 + 600};
    double free6h = new CumulativeConstraint(minutes, 0).amount(unlimited.plan());
    assertThat(free6h).isGreaterThan(U_PER_H * 60);
    var limit = new CumulativeConstraint(minutes, 0.5 * free6h);
    MpcResult limited = MPC.propose(free.withBeyondHorizon(List.of(limit)));
    assertThat(limited.status()).isIn(SolveStatus.CONVERGED, SolveStatus.ITERATION_LIMIT);
    assertThat(limit.amount(limited.plan())).isLessThanOrEqualTo(limit.bound() * (1 + 1e-6));
    var impossible = new CumulativeConstraint(new double[] {60, 60, 120, 120}, 0);
    var high = new double[] {10 * U_PER_H, 0.45, 0, 0};
    MpcResult down = MPC.propose(new ControlProblem(MODEL, twin(16, 0.3, high[0]), high, plan, null)
        .withBeyondHorizon(List.of(impossible)));
    assertThat(down.status()).isIn(SolveStatus.CONVERGED, SolveStatus.ITERATION_LIMIT);
    double[] fastestDown = {6 * U_PER_H, 2 * U_PER_H, 0, 0};
    for (int k = 0; k < 4; k++) {
      // (A risk suspend may take the first move lower still.)
      assertThat(down.plan()[k]).isLessThanOrEqualTo(fastestDown[k] + 1e-6 * U_PER_H);
    }
  }

  /**
   * What the rolling 24-h cap leaves can be less than even the fastest decrease the step limit
   * allows (a high rate running near the cap). The cap is the harder limit: the plan comes down to
   * what it leaves, below the step limit, and the solve does not fail (it used to: the QP was
   * infeasible, and the proposal was withheld as a solver failure).
   */
  @Test
  void aCapLeftTighterThanTheStepLimitBringsThePlanDownWithoutFailingTheSolve() {
    double[] rates = {10 * U_PER_H, 0.45, 0, 0};
    var plan = DosingSchedule.empty().rate(0, "glucose_enteral", 0.45);
    double[] budgets = {2 * U_PER_H * 60, 2 * U_PER_H * 60, 2 * U_PER_H * 60, 2 * U_PER_H * 60};
    MpcResult r = MPC.propose(new ControlProblem(MODEL, twin(16, 0.3, rates[0]), rates, plan, null, 0, budgets));
    assertThat(r.status()).isIn(SolveStatus.CONVERGED, SolveStatus.ITERATION_LIMIT);
    double[] lengths = MpcConfig.insulin().blockLengthsMin();
    double total = 0;
    for (int k = 0; k < r.plan().length; k++) {
      total += r.plan()[k] * lengths[k];
      assertThat(total).as("through move " + k).isLessThanOrEqualTo(budgets[k] * (1 + 1e-9));
    }
    assertThat(r.plan()[0]).as("below the step limit's 6 U/h").isLessThanOrEqualTo(2 * U_PER_H * (1 + 1e-9));
    assertThat(r.underPlan()).isNotEmpty();
  }

  /** An estimator whose copies take {@code sleepMs} of wall-clock time off the CPU (a busy machine). */
  record SleepyEstimator(org.icutwin.estimation.filter.StateEstimator inner, long sleepMs)
      implements org.icutwin.estimation.filter.StateEstimator {
    @Override
    public double timeMin() {
      return inner.timeMin();
    }

    @Override
    public org.icutwin.estimation.filter.Estimate estimate() {
      return inner.estimate();
    }

    @Override
    public void predict(double toTimeMin, double[] rates) {
      inner.predict(toTimeMin, rates);
    }

    @Override
    public void applyBolus(int channel, double amount) {
      inner.applyBolus(channel, amount);
    }

    @Override
    public org.icutwin.estimation.filter.UpdateOutcome update(org.icutwin.estimation.Observation o, double gate) {
      return inner.update(o, gate);
    }

    @Override
    public double[] predictMeasurement(int k) {
      return inner.predictMeasurement(k);
    }

    @Override
    public org.icutwin.estimation.filter.StateEstimator copy() {
      try {
        Thread.sleep(sleepMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new SleepyEstimator(inner.copy(), sleepMs);
    }

    @Override
    public org.icutwin.estimation.filter.StateEstimator nominalPath() {
      return new SleepyEstimator(inner.nominalPath(), sleepMs);
    }

    @Override
    public org.icutwin.estimation.filter.FilterState exportState() {
      return inner.exportState();
    }

    @Override
    public org.icutwin.estimation.filter.StateEstimator withState(org.icutwin.estimation.filter.FilterState state) {
      return new SleepyEstimator(inner.withState(state), sleepMs);
    }
  }
}
