package org.icutwin.control.mpc;

import org.ojalgo.optimisation.Expression;
import org.ojalgo.optimisation.ExpressionsBasedModel;
import org.ojalgo.optimisation.Optimisation;
import org.ojalgo.optimisation.Variable;

/**
 * One Gauss-Newton step of the MPC as a convex QP, solved by ojAlgo.
 *
 * <p>With the output linearised around the current plan, ŷ_j(v) = d_j + A_j·v over the grid
 * (v = rates / maxRate, so the variables are of order one), the QP is
 * <pre>
 *   min  (1/N)·Σ_j (d_j + A_j·v − target)² + w_m·Σ_k (v_k − v_{k−1})²
 *        + Σ_j [ρ·(s⁺_j + s⁻_j) + ρ·(s⁺_j² + s⁻_j²)] + Σ_j [ρ_r·r_j + ρ_r·r_j²]
 *   s.t. d_j + A_j·v − s⁺_j ≤ band_high,   d_j + A_j·v + s⁻_j ≥ band_low       (soft band)
 *        d_j + A_j·v − z·σ_j + r_j ≥ threshold  (or ≤ for an upper risk)       (soft risk bound)
 *        v_min ≤ v_k ≤ 1,  |v_k − v_{k−1}| ≤ Δ,  s, r ≥ 0
 * </pre>
 * The slacks keep the QP feasible whatever the prediction; their exact (linear) plus quadratic
 * penalties make the band and the risk bound hold whenever they can. σ_j is held fixed within a step.
 */
final class QpStep {
  static final double BAND_PENALTY = 100;
  static final double RISK_PENALTY = 10_000;

  private QpStep() {}

  /** The new scaled plan, or null when the QP solver fails. */
  static double[] solve(MpcConfig c, double[] d, double[][] a, double[] sd, double vPrevious) {
    int n = d.length;
    int m = a[0].length;
    var model = new ExpressionsBasedModel();
    Variable[] v = new Variable[m];
    double vMin = c.minRate() / c.maxRate();
    double dv = c.maxChangePerMove() / c.maxRate();
    for (int k = 0; k < m; k++) {
      v[k] = model.addVariable("v" + k).lower(vMin).upper(1.0);
    }
    Expression objective = model.addExpression("objective").weight(1.0);
    double wt = 1.0 / n;
    for (int j = 0; j < n; j++) {
      double e0 = d[j] - c.target();
      for (int k = 0; k < m; k++) {
        objective.add(v[k], 2 * wt * e0 * a[j][k]);
        for (int l = 0; l < m; l++) {
          objective.add(v[k], v[l], wt * a[j][k] * a[j][l]);
        }
      }
    }
    for (int k = 0; k < m; k++) {
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
    for (int j = 0; j < n; j++) {
      Variable hi = model.addVariable("hi" + j).lower(0);
      Variable lo = model.addVariable("lo" + j).lower(0);
      Variable risk = model.addVariable("risk" + j).lower(0);
      objective.add(hi, BAND_PENALTY).add(hi, hi, BAND_PENALTY);
      objective.add(lo, BAND_PENALTY).add(lo, lo, BAND_PENALTY);
      objective.add(risk, RISK_PENALTY).add(risk, risk, RISK_PENALTY);
      Expression upper = model.addExpression("band_high" + j).upper(c.bandHigh() - d[j]).set(hi, -1.0);
      Expression lower = model.addExpression("band_low" + j).lower(c.bandLow() - d[j]).set(lo, 1.0);
      Expression riskBound = c.riskAbove()
          ? model.addExpression("risk" + j).upper(c.riskThreshold() - d[j] - c.riskZ() * sd[j]).set(risk, -1.0)
          : model.addExpression("risk" + j).lower(c.riskThreshold() - d[j] + c.riskZ() * sd[j]).set(risk, 1.0);
      for (int k = 0; k < m; k++) {
        upper.set(v[k], a[j][k]);
        lower.set(v[k], a[j][k]);
        riskBound.set(v[k], a[j][k]);
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
}
