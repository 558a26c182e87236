package org.icutwin.control.mpc;

import org.ojalgo.optimisation.Optimisation;
import org.ojalgo.optimisation.convex.ConvexSolver;

/**
 * One Gauss-Newton step of the MPC as a small convex QP in the moves only, solved by ojAlgo.
 *
 * <p>With the output linearised around the current plan, ŷ_j(v) = d_j + A_j·v over the grid
 * (v = rates / maxRate, variables of order one), the soft objectives are least-squares residuals:
 * <pre>
 *   (1/N)·Σ_j (ŷ_j − target)²                                   tracking
 *   + ρ·Σ_{j ∈ H} (ŷ_j − band_high)² + ρ·Σ_{j ∈ L} (band_low − ŷ_j)²   band, on the points outside it
 *   + ρ_r·Σ_{j ∈ R} (threshold − (ŷ_j − z·σ_j))²                       risk bound, where breached
 *   + w_m·Σ_k (v_k − v_{k−1})²                                       move cost
 *   subject to  v_min ≤ v_k ≤ 1,  |v_k − v_{k−1}| ≤ Δ,  Σ_{i≤k} v_i·maxRate·length_i ≤ B_k,
 *              Σ_k v_k·maxRate·w_ik ≤ b_i  (windows ending beyond the horizon)  (hard)
 * </pre>
 * The active sets H, L, R are those breached at the linearisation point (an exterior penalty,
 * refreshed every Gauss-Newton iteration); σ_j is held fixed within a step. Keeping the soft
 * constraints out of the QP leaves a problem with as many variables as moves, so a step takes
 * well under a millisecond, and it is always feasible.
 */
final class QpStep {
  static final double BAND_PENALTY = 20;
  static final double RISK_PENALTY = 500;

  /**
   * Dense active-set solving (ojAlgo's DirectASS): the problem has at most a few dozen variables
   * with dense rows, where ojAlgo's default for this size (an iterative Schur-complement solver
   * meant for large sparse problems) took about 15 ms a step in the 24-move benchmark against
   * 0.2-1.1 ms dense (docs/performance.md).
   */
  private static final Optimisation.Options DENSE = denseOptions();
  /** Active-set iterations before ojAlgo gives up (its default is unbounded); see {@link #solve}. */
  static final int MAX_QP_ITERATIONS = 1000;
  /** Wall-clock bound on one QP, a last resort behind the iteration bound (ojAlgo's default is a day). */
  static final long QP_WALL_CLOCK_ABORT_MILLIS = 5_000;
  /** Violation (in scaled units, variables of order one) still counted as feasible for a start. */
  static final double FEASIBILITY_TOLERANCE = 1e-9;

  private QpStep() {}

  private static Optimisation.Options denseOptions() {
    var options = new Optimisation.Options();
    options.sparse = Boolean.FALSE;
    options.iterations_abort = MAX_QP_ITERATIONS;
    options.time_abort = QP_WALL_CLOCK_ABORT_MILLIS;
    return options;
  }

  /**
   * The new scaled plan, or null when the QP solver fails.
   *
   * @param yAtPoint the predicted output at the linearisation point (selects the active sets)
   * @param start a plan (scaled) to start the active-set method from, used when it is feasible; may be null
   */
  static double[] solve(MpcConfig c, double[] d, double[][] a, double[] sd, double[] yAtPoint, double vPrevious,
      double[] cumulativeBudgets, java.util.List<CumulativeConstraint> beyondHorizon, double[] start) {
    int n = d.length;
    int m = a[0].length;
    double[][] h = new double[m][m];
    double[] g = new double[m];
    double wt = 1.0 / n;
    for (int j = 0; j < n; j++) {
      addResidual(h, g, a[j], d[j] - c.target(), wt);
      if (yAtPoint[j] > c.bandHigh()) {
        addResidual(h, g, a[j], d[j] - c.bandHigh(), BAND_PENALTY);
      } else if (yAtPoint[j] < c.bandLow()) {
        addResidual(h, g, a[j], d[j] - c.bandLow(), BAND_PENALTY);
      }
      double quantile = c.riskAbove() ? yAtPoint[j] + c.riskZ() * sd[j] : yAtPoint[j] - c.riskZ() * sd[j];
      boolean breached = c.riskAbove() ? quantile > c.riskThreshold() : quantile < c.riskThreshold();
      if (breached) {
        double shift = c.riskAbove() ? c.riskZ() * sd[j] : -c.riskZ() * sd[j];
        addResidual(h, g, a[j], d[j] + shift - c.riskThreshold(), RISK_PENALTY);
      }
    }
    // The move cost w·Σ_k (v_k − v_{k−1})², with v_{−1} the current rate.
    double w = c.moveWeight();
    for (int k = 0; k < m; k++) {
      h[k][k] += k + 1 < m ? 2 * w : w;
      if (k > 0) {
        h[k][k - 1] -= w;
        h[k - 1][k] -= w;
      }
    }
    g[0] -= 2 * w * vPrevious;
    double vMin = c.minRate() / c.maxRate();
    double dv = c.maxChangePerMove() / c.maxRate();
    // ojAlgo's convex form: minimise ½·vᵀQv − Cᵀv subject to A·v ≤ b, here Q = 2H and C = −g.
    var qp = ConvexSolver.newBuilder(m);
    for (int k = 0; k < m; k++) {
      qp.objective(k, -g[k]);
      for (int l = 0; l < m; l++) {
        qp.objective(k, l, 2 * h[k][l]);
      }
    }
    var rows = new java.util.ArrayList<double[]>();
    var rhs = new java.util.ArrayList<Double>();
    // Bounds, with the first move's change from the current rate folded in: max(vMin, v_{−1} − Δ) ≤ v_0 ≤ min(1, v_{−1} + Δ).
    for (int k = 0; k < m; k++) {
      double upper = k == 0 ? Math.min(1.0, vPrevious + dv) : 1.0;
      double lower = k == 0 ? Math.max(vMin, vPrevious - dv) : vMin;
      add(rows, rhs, upper, unit(m, k, 1.0));
      add(rows, rhs, -lower, unit(m, k, -1.0));
      if (k > 0) {
        double[] step = new double[m];
        step[k] = 1.0;
        step[k - 1] = -1.0;
        add(rows, rhs, dv, step);
        add(rows, rhs, dv, negate(step));
      }
    }
    if (cumulativeBudgets != null) {
      // Σ_{i≤k} rate_i·length_i ≤ B_k: through every move, the plan stays within what the rolling cap leaves.
      double[] lengths = c.blockLengthsMin();
      for (int k = 0; k < m; k++) {
        double[] total = new double[m];
        for (int i = 0; i <= k; i++) {
          total[i] = lengths[i];
        }
        add(rows, rhs, cumulativeBudgets[k] / c.maxRate(), total);
      }
    }
    for (CumulativeConstraint cc : beyondHorizon) {
      add(rows, rhs, cc.bound() / c.maxRate(), cc.minutesPerMove());
    }
    for (int i = 0; i < rows.size(); i++) {
      qp.inequality(rhs.get(i), rows.get(i));
    }
    ConvexSolver solver = qp.build(DENSE);
    // A feasible start (the plan being improved) spares the active-set method its search for one.
    Optimisation.Result result = start != null && feasible(rows, rhs, start)
        ? solver.solve(Optimisation.Result.of(Optimisation.State.FEASIBLE, start))
        : solver.solve();
    if (!result.getState().isFeasible()) {
      return null;
    }
    double[] out = new double[m];
    for (int k = 0; k < m; k++) {
      out[k] = result.doubleValue(k);
      if (!Double.isFinite(out[k])) {
        return null;
      }
    }
    return out;
  }

  private static void add(java.util.List<double[]> rows, java.util.List<Double> rhs, double bound, double[] row) {
    rows.add(row);
    rhs.add(bound);
  }

  private static boolean feasible(java.util.List<double[]> rows, java.util.List<Double> rhs, double[] v) {
    for (int i = 0; i < rows.size(); i++) {
      double[] row = rows.get(i);
      double s = 0;
      for (int k = 0; k < v.length; k++) {
        s += row[k] * v[k];
      }
      // Round-off tolerance: the plan's own rates are feasible, but scaled by 1/maxRate a change
      // of exactly the limit can come out an ulp beyond it.
      if (!(s <= rhs.get(i) + FEASIBILITY_TOLERANCE)) {
        return false;
      }
    }
    return true;
  }

  private static double[] unit(int m, int k, double value) {
    double[] row = new double[m];
    row[k] = value;
    return row;
  }

  private static double[] negate(double[] row) {
    double[] out = row.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] = -out[i];
    }
    return out;
  }

  /** Adds w·(e0 + a·v)² to vᵀHv + gᵀv (constant dropped). */
  private static void addResidual(double[][] h, double[] g, double[] a, double e0, double w) {
    for (int k = 0; k < a.length; k++) {
      g[k] += 2 * w * e0 * a[k];
      for (int l = 0; l < a.length; l++) {
        h[k][l] += w * a[k] * a[l];
      }
    }
  }
}
