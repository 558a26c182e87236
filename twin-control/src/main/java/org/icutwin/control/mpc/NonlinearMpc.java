package org.icutwin.control.mpc;

import java.util.ArrayList;
import java.util.List;
import org.icutwin.core.model.NoiseModel;
import org.icutwin.core.model.PhysiologicalModel;
import org.icutwin.core.simulation.DoseEvent;
import org.icutwin.core.simulation.DosingSchedule;
import org.icutwin.estimation.filter.Forecast;
import org.icutwin.estimation.filter.StateEstimator;

/**
 * Nonlinear model-predictive control of one continuous infusion from the twin's posterior.
 *
 * <p>Gauss-Newton sequential quadratic programming in the real-time-iteration style (Diehl et
 * al. 2005): the output mean and its standard deviation over the horizon are predicted by the
 * twin's own unscented filter (state and parameter uncertainty, process noise) under the
 * move-blocked plan; the output is linearised in the moves by forward differences of the nominal
 * path (the posterior mean carried through the model); one convex QP ({@link QpStep}) gives the
 * next plan; repeat until the step is negligible, the iteration limit or the time budget, or, for
 * a configuration that asks for it, until the first move (the only one given) stops changing.
 * Warm-started from the previous plan. Every plan respects the rate bounds and
 * the maximum change per move by construction; the band and the risk bound are soft (penalties
 * on their breaches), so the QP is always feasible and an unreachable band is reported, not hidden.
 */
public final class NonlinearMpc {
  private static final NoiseModel NO_SENSOR = new NoiseModel.Additive(1e-12);
  private final MpcConfig config;

  public NonlinearMpc(MpcConfig config) {
    this.config = config;
  }

  public MpcConfig config() {
    return config;
  }

  public MpcResult propose(ControlProblem decision) {
    long start = System.nanoTime();
    long cpuStart = cpuNanos();
    ControlProblem problem = decision.atNow();
    PhysiologicalModel model = problem.model();
    int channel = PhysiologicalModel.indexOfChannel(model.rateInputs(), config.rateChannel(), model.id());
    model.measurementIndex(config.output());
    double now = problem.nowMin();
    double current = problem.ratesNow()[channel];
    int m = config.moves();
    double[] starts = new double[m];
    double t = now;
    for (int k = 0; k < m; k++) {
      starts[k] = t;
      t += config.blockLengthsMin()[k];
    }
    int n = (int) Math.round(config.horizonMin() / config.gridMin());
    double[] grid = new double[n];
    for (int j = 0; j < n; j++) {
      grid[j] = now + (j + 1) * config.gridMin();
    }
    List<DoseEvent> others = problem.otherInputsPlan().events().stream()
        .filter(e -> !(e instanceof DoseEvent.RateChange r && r.channel().equals(config.rateChannel())))
        .filter(e -> e.timeMin() >= now)
        .toList();

    List<CumulativeConstraint> beyond = feasibleBeyondHorizon(problem.beyondHorizon(), current);
    double[] qpBudgets = feasibleBudgets(problem.cumulativeBudgets(), current);
    StateEstimator nominal = problem.estimator().nominalPath();
    double[] u = initialPlan(problem.previousPlan(), starts, current);
    enforceBudget(u, problem.cumulativeBudgets());
    SolveStatus status = SolveStatus.ITERATION_LIMIT;
    int iterations = 0;
    for (int it = 0; it < config.maxIterations(); it++) {
      iterations++;
      List<Forecast.Point> base = predict(problem, others, starts, u, grid);
      double[] y0 = means(base);
      double[] sd = base.stream().mapToDouble(Forecast.Point::modelSd).toArray();
      if (!allFinite(y0) || !allFinite(sd)) {
        return failed(starts, u, iterations, start);
      }
      double[][] a = sensitivities(problem, nominal, others, starts, u, grid);
      if (a == null) {
        return failed(starts, u, iterations, start);
      }
      double[] d = new double[n];
      for (int j = 0; j < n; j++) {
        d[j] = y0[j];
        for (int k = 0; k < m; k++) {
          d[j] -= a[j][k] * u[k] / config.maxRate();
        }
      }
      double[] from = new double[m];
      for (int k = 0; k < m; k++) {
        from[k] = u[k] / config.maxRate();
      }
      double[] v = QpStep.solve(config, d, a, sd, y0, current / config.maxRate(), qpBudgets, beyond, from);
      if (v == null) {
        return failed(starts, u, iterations, start);
      }
      double stepMax = 0;
      double firstBefore = u[0];
      for (int k = 0; k < m; k++) {
        double next = clamp(v[k] * config.maxRate());
        stepMax = Math.max(stepMax, Math.abs(next - u[k]));
        u[k] = next;
      }
      enforceSteps(u, current);
      enforceBudget(u, problem.cumulativeBudgets());
      double negligible = 1e-3 * config.maxRate();
      boolean firstSettled = Math.abs(u[0] - firstBefore) < negligible;
      if (stepMax < negligible || (config.stopWhenFirstMoveSettles() && firstSettled)) {
        status = SolveStatus.CONVERGED;
        break;
      }
      if (budgetSpent(start, cpuStart)) {
        status = SolveStatus.TIME_LIMIT;
        break;
      }
    }
    List<Forecast.Point> underPlan = predict(problem, others, starts, u, grid);
    boolean suspended = false;
    if (config.suspendOnRisk() && u[0] > config.minRate() && riskBreachedWithin(underPlan, starts.length > 1 ? starts[1] : now + config.horizonMin())) {
      u[0] = config.minRate();
      for (int k = 1; k < m; k++) {
        u[k] = Math.min(u[k], u[k - 1] + config.maxChangePerMove());
      }
      underPlan = predict(problem, others, starts, u, grid);
      suspended = true;
    }
    double[] keep = new double[m];
    java.util.Arrays.fill(keep, current);
    List<Forecast.Point> continueAsNow = predict(problem, others, starts, keep, grid);
    if (!allFinite(means(underPlan))) {
      return failed(starts, u, iterations, start);
    }
    List<ActiveConstraint> active = active(u, current, underPlan);
    if (capBinds(u, problem.cumulativeBudgets(), problem.beyondHorizon())) {
      active = new ArrayList<>(active);
      active.add(ActiveConstraint.CUMULATIVE_CAP);
    }
    if (suspended) {
      active = new ArrayList<>(active);
      active.remove(ActiveConstraint.MAX_CHANGE);
      active.add(0, ActiveConstraint.RISK_SUSPEND);
    }
    return new MpcResult(status, u, starts, underPlan, continueAsNow, active, iterations,
        (System.nanoTime() - start) / 1e6);
  }

  /**
   * ∂ŷ_j/∂v_k (v = u/maxRate) by forward differences on the nominal path (the posterior mean carried
   * through the model, {@link StateEstimator#nominalPath}): one model integration per perturbed
   * move instead of the unscented forecast's 2N + 1, the difference between the two derivatives
   * being of second order in the posterior spread (up to 20% for a glucose twin with p3 uncertain
   * by a log-sd of 0.5, NominalPathTest). The predictions the QP tracks, and their spread, stay
   * the filter's; only the steps' linear model is approximated (the closed-loop trials were re-run
   * on it, docs/control.md). The base path keeps a checkpoint before each
   * move and each perturbed path resumes from its move's (bit for bit what a whole path would
   * give), so move k costs only the integration from its start. Null if a path is not finite.
   */
  private double[][] sensitivities(ControlProblem problem, StateEstimator nominal, List<DoseEvent> others,
      double[] starts, double[] u, double[] grid) {
    int m = u.length;
    var checkpoints = new ArrayList<Forecast.Checkpoint>(m);
    double[] y0 = means(Forecast.of(nominal, problem.model(), problem.ratesNow(), schedule(others, starts, u),
        config.output(), NO_SENSOR, grid, this::isMove, checkpoints));
    if (!allFinite(y0)) {
      return null;
    }
    boolean resumable = checkpoints.size() == m;
    double[][] a = new double[grid.length][m];
    double h = 1e-3 * config.maxRate();
    for (int k = 0; k < m; k++) {
      double[] up = u.clone();
      up[k] = u[k] + h <= config.maxRate() ? u[k] + h : u[k] - h;
      DosingSchedule perturbed = schedule(others, starts, up);
      int from = resumable ? checkpoints.get(k).timeIndex() : 0;
      List<Forecast.Point> rest = resumable
          ? Forecast.resume(checkpoints.get(k), problem.model(), perturbed, config.output(), NO_SENSOR, grid)
          : Forecast.of(nominal, problem.model(), problem.ratesNow(), perturbed, config.output(), NO_SENSOR, grid);
      for (int j = 0; j < rest.size(); j++) {
        double y1 = rest.get(j).mean();
        if (!Double.isFinite(y1)) {
          return null;
        }
        a[from + j][k] = (y1 - y0[from + j]) / (up[k] - u[k]) * config.maxRate();
      }
    }
    return a;
  }

  private boolean isMove(DoseEvent e) {
    return e instanceof DoseEvent.RateChange r && r.channel().equals(config.rateChannel());
  }

  /** Whether the predicted risk quantile crosses the threshold at a grid time before {@code untilMin}. */
  private boolean riskBreachedWithin(List<Forecast.Point> pred, double untilMin) {
    for (Forecast.Point p : pred) {
      if (p.timeMin() > untilMin) {
        break;
      }
      boolean breach = config.riskAbove()
          ? p.mean() + config.riskZ() * p.modelSd() > config.riskThreshold()
          : p.mean() - config.riskZ() * p.modelSd() < config.riskThreshold();
      if (breach) {
        return true;
      }
    }
    return false;
  }

  private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory
      .getThreadMXBean();
  private static final boolean CPU_TIME = THREADS.isCurrentThreadCpuTimeSupported()
      && THREADS.isThreadCpuTimeEnabled();

  /** This thread's CPU time (ns), or -1 where the JVM cannot measure it. */
  private static long cpuNanos() {
    return CPU_TIME ? THREADS.getCurrentThreadCpuTime() : -1;
  }

  /**
   * Whether the solve has used its time budget: the CPU time this thread spent on it, so that a
   * busy machine (other twins, a build, a garbage collection) does not turn a solve that would
   * finish into a withheld proposal, and a replay answers as the live run did; wall-clock time
   * where the JVM cannot measure a thread's CPU time.
   */
  private boolean budgetSpent(long wallStart, long cpuStart) {
    long spent = cpuStart >= 0 ? cpuNanos() - cpuStart : System.nanoTime() - wallStart;
    return spent / 1e6 > config.timeLimitMillis();
  }

  /** The previous plan evaluated at the new block start times (real-time-iteration warm start), or the current rate. */
  private double[] initialPlan(Plan previous, double[] starts, double current) {
    double[] u = new double[starts.length];
    for (int k = 0; k < u.length; k++) {
      u[k] = clamp(previous != null ? previous.rateAt(starts[k]) : current);
    }
    enforceSteps(u, current);
    return u;
  }

  /** Projects a plan onto the change-per-move limits, starting from the current rate. */
  private void enforceSteps(double[] u, double current) {
    double prev = current;
    for (int k = 0; k < u.length; k++) {
      u[k] = clamp(Math.max(prev - config.maxChangePerMove(), Math.min(prev + config.maxChangePerMove(), u[k])));
      prev = u[k];
    }
  }

  /**
   * The per-move budgets as the QP sees them: where even the lowest plan the change limit allows
   * would deliver more than a budget (a high rate running close to the rolling cap), that budget is
   * loosened to the lowest plan's total so the QP stays feasible. The plan is then cut to the real
   * budgets ({@link #enforceBudget}), below the change limit: the cap is the harder limit, and a
   * decrease of insulin is its safe direction.
   */
  private double[] feasibleBudgets(double[] budgets, double current) {
    if (budgets == null) {
      return null;
    }
    double[] lengths = config.blockLengthsMin();
    double[] lowest = lowestPlan(current);
    double[] out = budgets.clone();
    double least = 0;
    for (int k = 0; k < out.length; k++) {
      least += lowest[k] * lengths[k];
      if (least > out[k]) {
        out[k] = least * (1 + 1e-9);
      }
    }
    return out;
  }

  /** The lowest plan the change limit allows: down by the largest step per move from the current rate. */
  private double[] lowestPlan(double current) {
    double[] lowest = new double[config.moves()];
    double prev = current;
    for (int k = 0; k < lowest.length; k++) {
      lowest[k] = clamp(prev - config.maxChangePerMove());
      prev = lowest[k];
    }
    return lowest;
  }

  /**
   * The constraints from windows beyond the horizon, each loosened where even the lowest plan the
   * change limit allows (down by the largest step per move from the current rate) would break it,
   * so the QP stays feasible: the plan then comes down as fast as it may, and the envelope's cap
   * check still holds the library's limit for what is given.
   */
  private List<CumulativeConstraint> feasibleBeyondHorizon(List<CumulativeConstraint> constraints, double current) {
    if (constraints.isEmpty()) {
      return constraints;
    }
    double[] lowest = lowestPlan(current);
    var out = new ArrayList<CumulativeConstraint>();
    for (CumulativeConstraint c : constraints) {
      double least = c.amount(lowest);
      out.add(least > c.bound() ? c.withBound(least * (1 + 1e-9)) : c);
    }
    return out;
  }

  /** Lowers moves, if needed, so the plan's running total stays within each cumulative budget. */
  private void enforceBudget(double[] u, double[] budgets) {
    if (budgets == null) {
      return;
    }
    double[] lengths = config.blockLengthsMin();
    double total = 0;
    for (int k = 0; k < u.length; k++) {
      double room = budgets[k] - total;
      if (u[k] * lengths[k] > room) {
        u[k] = Math.max(config.minRate(), Math.max(0, room) / lengths[k]);
      }
      total += u[k] * lengths[k];
    }
  }

  private double clamp(double r) {
    return Math.max(config.minRate(), Math.min(config.maxRate(), r));
  }

  private List<Forecast.Point> predict(ControlProblem p, List<DoseEvent> others, double[] starts, double[] u, double[] grid) {
    return Forecast.of(p.estimator(), p.model(), p.ratesNow(), schedule(others, starts, u), config.output(), NO_SENSOR, grid);
  }

  private DosingSchedule schedule(List<DoseEvent> others, double[] starts, double[] u) {
    var events = new ArrayList<DoseEvent>(others);
    for (int k = 0; k < u.length; k++) {
      events.add(new DoseEvent.RateChange(starts[k], config.rateChannel(), u[k]));
    }
    return new DosingSchedule(events);
  }

  private List<ActiveConstraint> active(double[] u, double current, List<Forecast.Point> pred) {
    var out = new ArrayList<ActiveConstraint>();
    double worstRisk = Double.POSITIVE_INFINITY;
    for (Forecast.Point p : pred) {
      double margin = config.riskAbove()
          ? config.riskThreshold() - (p.mean() + config.riskZ() * p.modelSd())
          : (p.mean() - config.riskZ() * p.modelSd()) - config.riskThreshold();
      worstRisk = Math.min(worstRisk, margin);
    }
    if (worstRisk < 0.05 * (config.bandHigh() - config.bandLow())) {
      out.add(ActiveConstraint.RISK_BOUND);
    }
    if (u[0] >= config.maxRate() - 1e-9) {
      out.add(ActiveConstraint.AT_MAX_RATE);
    }
    if (u[0] <= config.minRate() + 1e-9) {
      out.add(ActiveConstraint.AT_MIN_RATE);
    }
    if (Math.abs(u[0] - current) >= config.maxChangePerMove() - 1e-9) {
      out.add(ActiveConstraint.MAX_CHANGE);
    }
    int half = pred.size() / 2;
    boolean allHigh = true;
    boolean allLow = true;
    for (int j = half; j < pred.size(); j++) {
      allHigh &= pred.get(j).mean() > config.bandHigh();
      allLow &= pred.get(j).mean() < config.bandLow();
    }
    if (allHigh) {
      out.add(ActiveConstraint.BAND_HIGH_UNREACHABLE);
    }
    if (allLow) {
      out.add(ActiveConstraint.BAND_LOW_UNREACHABLE);
    }
    return out;
  }

  /**
   * Whether the plan delivers all that a cumulative limit leaves, up to the end of some move (to
   * within a millionth of the largest rate over the move), or all that a window beyond the horizon
   * allows.
   */
  private boolean capBinds(double[] u, double[] budgets, List<CumulativeConstraint> beyond) {
    double[] lengths = config.blockLengthsMin();
    if (budgets != null) {
      double total = 0;
      double slack = 0;
      for (int k = 0; k < u.length; k++) {
        total += u[k] * lengths[k];
        slack += 1e-6 * config.maxRate() * lengths[k];
        if (total >= budgets[k] - slack) {
          return true;
        }
      }
    }
    for (CumulativeConstraint c : beyond) {
      if (c.amount(u) >= c.bound() - 1e-6 * config.maxRate() * java.util.Arrays.stream(c.minutesPerMove()).sum()) {
        return true;
      }
    }
    return false;
  }

  private static MpcResult failed(double[] starts, double[] u, int iterations, long start) {
    return new MpcResult(SolveStatus.FAILED, u, starts, List.of(), List.of(), List.of(), iterations,
        (System.nanoTime() - start) / 1e6);
  }

  private static double[] means(List<Forecast.Point> pts) {
    return pts.stream().mapToDouble(Forecast.Point::mean).toArray();
  }

  private static boolean allFinite(double[] a) {
    for (double v : a) {
      if (!Double.isFinite(v)) {
        return false;
      }
    }
    return true;
  }
}
