package org.icutwin.control.mpc;

import org.ojalgo.optimisation.Expression;
import org.ojalgo.optimisation.ExpressionsBasedModel;
import org.ojalgo.optimisation.Optimisation;
import org.ojalgo.optimisation.Variable;

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

  private QpStep() {}

  /**
   * The new scaled plan, or null when the QP solver fails.
   *
   * @param yAtPoint the predicted output at the linearisation point (selects the active sets)
   */
  static double[] solve(MpcConfig c, double[] d, double[][] a, double[] sd, double[] yAtPoint, double vPrevious,
      double[] cumulativeBudgets, java.util.List<CumulativeConstraint> beyondHorizon) {
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
    var model = new ExpressionsBasedModel();
    Variable[] v = new Variable[m];
    double vMin = c.minRate() / c.maxRate();
    double dv = c.maxChangePerMove() / c.maxRate();
    for (int k = 0; k < m; k++) {
      v[k] = model.addVariable("v" + k).lower(vMin).upper(1.0);
    }
    Expression objective = model.addExpression("objective").weight(1.0);
    for (int k = 0; k < m; k++) {
      objective.add(v[k], g[k]);
      for (int l = 0; l < m; l++) {
        objective.add(v[k], v[l], h[k][l]);
      }
      // w·(v_k − v_{k−1})², with v_{−1} the current rate.
      objective.add(v[k], v[k], c.moveWeight());
      if (k == 0) {
        objective.add(v[0], -2 * c.moveWeight() * vPrevious);
        model.addExpression("step0").lower(vPrevious - dv).upper(vPrevious + dv).set(v[0], 1.0);
      } else {
        objective.add(v[k - 1], v[k - 1], c.moveWeight());
        objective.add(v[k], v[k - 1], -2 * c.moveWeight());
        model.addExpression("step" + k).lower(-dv).upper(dv).set(v[k], 1.0).set(v[k - 1], -1.0);
      }
    }
    if (cumulativeBudgets != null) {
      // Σ_{i≤k} rate_i·length_i ≤ B_k: through every move, the plan stays within what the rolling cap leaves.
      double[] lengths = c.blockLengthsMin();
      for (int k = 0; k < m; k++) {
        Expression total = model.addExpression("budget" + k).upper(cumulativeBudgets[k] / c.maxRate());
        for (int i = 0; i <= k; i++) {
          total.set(v[i], lengths[i]);
        }
      }
    }
    for (int i = 0; i < beyondHorizon.size(); i++) {
      CumulativeConstraint cc = beyondHorizon.get(i);
      Expression total = model.addExpression("beyond" + i).upper(cc.bound() / c.maxRate());
      double[] w = cc.minutesPerMove();
      for (int k = 0; k < m; k++) {
        if (w[k] > 0) {
          total.set(v[k], w[k]);
        }
      }
    }
    Optimisation.Result result = model.minimise();
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
