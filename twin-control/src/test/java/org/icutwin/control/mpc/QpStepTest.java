package org.icutwin.control.mpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ojalgo.optimisation.Expression;
import org.ojalgo.optimisation.ExpressionsBasedModel;
import org.ojalgo.optimisation.Variable;

/**
 * The QP step (ojAlgo's ConvexSolver, dense) against the same problem written independently as an
 * ojAlgo ExpressionsBasedModel (the formulation the step used until 2026-12-05): on random
 * linearisations, with and without cumulative budgets and limits beyond the horizon, both are
 * feasible and reach the same minimiser (the move cost makes the QP strictly convex).
 */
class QpStepTest {

  @Test
  void sameMinimiserAsTheExpressionModelOnRandomSteps() {
    var rng = new SplittableRandom(20261205);
    int compared = 0;
    for (int trial = 0; trial < 300; trial++) {
      MpcConfig c = trial % 2 == 0 ? MpcConfig.insulin() : twentyFourMoves();
      int m = c.moves();
      int n = 8 + rng.nextInt(24);
      double[][] a = new double[n][m];
      double[] d = new double[n];
      double[] sd = new double[n];
      double[] y = new double[n];
      for (int j = 0; j < n; j++) {
        for (int k = 0; k < m; k++) {
          a[j][k] = -rng.nextDouble() * 6 / m;
        }
        d[j] = 2 + rng.nextDouble() * 14;
        sd[j] = 0.1 + rng.nextDouble() * 2;
        y[j] = d[j] - rng.nextDouble() * 4;
      }
      double vPrevious = rng.nextDouble();
      double[] budgets = null;
      if (trial % 3 == 0) {
        budgets = new double[m];
        double[] lengths = c.blockLengthsMin();
        double cum = 0;
        for (int k = 0; k < m; k++) {
          cum += lengths[k];
          budgets[k] = c.maxRate() * cum * (0.2 + 0.8 * rng.nextDouble());
        }
        for (int k = 1; k < m; k++) {
          budgets[k] = Math.max(budgets[k], budgets[k - 1]);
        }
      }
      List<CumulativeConstraint> beyond = List.of();
      if (trial % 5 == 0) {
        double[] w = new double[m];
        Arrays.fill(w, 30.0);
        beyond = List.of(new CumulativeConstraint(w, c.maxRate() * 30 * m * (0.3 + 0.5 * rng.nextDouble())));
      }
      // Every other trial starts from a feasible plan (the current rate held, where the budgets allow it).
      double[] start = null;
      if (trial % 4 < 2) {
        start = new double[m];
        Arrays.fill(start, Math.min(vPrevious, 1.0));
      }
      double[] got = QpStep.solve(c, d, a, sd, y, vPrevious, budgets, beyond, start);
      double[] ref = reference(c, d, a, sd, y, vPrevious, budgets, beyond);
      if (ref == null) {
        continue;
      }
      assertThat(got).as("trial %d", trial).isNotNull();
      assertFeasible(c, got, vPrevious, budgets, beyond);
      double jGot = objective(c, d, a, sd, y, vPrevious, got);
      double jRef = objective(c, d, a, sd, y, vPrevious, ref);
      assertThat(jGot).as("trial %d objective", trial).isLessThanOrEqualTo(jRef + 1e-6 * (1 + Math.abs(jRef)));
      for (int k = 0; k < m; k++) {
        assertThat(got[k]).as("trial %d move %d", trial, k).isCloseTo(ref[k], org.assertj.core.data.Offset.offset(1e-4));
      }
      compared++;
    }
    assertThat(compared).isGreaterThan(250);
  }

  @Test
  void infeasibleFirstMoveIsReportedAsNoPlan() {
    // Running far above the controller's maximum: no first move within one step of it is allowed.
    MpcConfig c = MpcConfig.insulin();
    int m = c.moves();
    double[][] a = new double[4][m];
    double[] d = {8, 8, 8, 8};
    double[] sd = {1, 1, 1, 1};
    assertThat(QpStep.solve(c, d, a, sd, d, 3.0, null, List.of(), null)).isNull();
  }

  static MpcConfig twentyFourMoves() {
    double[] blocks = new double[24];
    Arrays.fill(blocks, 5.0);
    return MpcConfig.insulin().withMoves(blocks, 5.0);
  }

  /** The step's objective, written from its documentation (QpStep's class comment). */
  private static double objective(MpcConfig c, double[] d, double[][] a, double[] sd, double[] y, double vPrev, double[] v) {
    int n = d.length;
    double j = 0;
    for (int i = 0; i < n; i++) {
      double yl = d[i];
      for (int k = 0; k < v.length; k++) {
        yl += a[i][k] * v[k];
      }
      j += (yl - c.target()) * (yl - c.target()) / n;
      if (y[i] > c.bandHigh()) {
        j += QpStep.BAND_PENALTY * (yl - c.bandHigh()) * (yl - c.bandHigh());
      } else if (y[i] < c.bandLow()) {
        j += QpStep.BAND_PENALTY * (c.bandLow() - yl) * (c.bandLow() - yl);
      }
      if (y[i] - c.riskZ() * sd[i] < c.riskThreshold()) {
        double e = c.riskThreshold() - (yl - c.riskZ() * sd[i]);
        j += QpStep.RISK_PENALTY * e * e;
      }
    }
    double prev = vPrev;
    for (double vk : v) {
      j += c.moveWeight() * (vk - prev) * (vk - prev);
      prev = vk;
    }
    return j;
  }

  private static void assertFeasible(MpcConfig c, double[] v, double vPrev, double[] budgets, List<CumulativeConstraint> beyond) {
    double tol = 1e-7;
    double vMin = c.minRate() / c.maxRate();
    double dv = c.maxChangePerMove() / c.maxRate();
    double prev = vPrev;
    double[] lengths = c.blockLengthsMin();
    double total = 0;
    for (int k = 0; k < v.length; k++) {
      assertThat(v[k]).isBetween(vMin - tol, 1 + tol);
      assertThat(Math.abs(v[k] - prev)).isLessThanOrEqualTo(dv + tol);
      prev = v[k];
      total += v[k] * c.maxRate() * lengths[k];
      if (budgets != null) {
        assertThat(total).isLessThanOrEqualTo(budgets[k] * (1 + 1e-7) + tol);
      }
    }
    for (CumulativeConstraint cc : beyond) {
      double[] u = v.clone();
      for (int k = 0; k < u.length; k++) {
        u[k] *= c.maxRate();
      }
      assertThat(cc.amount(u)).isLessThanOrEqualTo(cc.bound() * (1 + 1e-7) + tol);
    }
  }

  /** The same QP as an ExpressionsBasedModel, as QpStep solved it before (the reference). */
  private static double[] reference(MpcConfig c, double[] d, double[][] a, double[] sd, double[] y, double vPrevious,
      double[] budgets, List<CumulativeConstraint> beyond) {
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
    // Residual terms w·(e0 + a·v)² expanded: w·Σ a_k a_l v_k v_l + 2·w·e0·Σ a_k v_k (+ constant).
    double[][] h = new double[m][m];
    double[] g = new double[m];
    for (int j = 0; j < n; j++) {
      add(h, g, a[j], d[j] - c.target(), 1.0 / n);
      if (y[j] > c.bandHigh()) {
        add(h, g, a[j], d[j] - c.bandHigh(), QpStep.BAND_PENALTY);
      } else if (y[j] < c.bandLow()) {
        add(h, g, a[j], d[j] - c.bandLow(), QpStep.BAND_PENALTY);
      }
      if (y[j] - c.riskZ() * sd[j] < c.riskThreshold()) {
        add(h, g, a[j], d[j] - c.riskZ() * sd[j] - c.riskThreshold(), QpStep.RISK_PENALTY);
      }
    }
    for (int k = 0; k < m; k++) {
      objective.add(v[k], g[k]);
      for (int l = 0; l < m; l++) {
        objective.add(v[k], v[l], h[k][l]);
      }
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
    if (budgets != null) {
      double[] lengths = c.blockLengthsMin();
      for (int k = 0; k < m; k++) {
        Expression total = model.addExpression("budget" + k).upper(budgets[k] / c.maxRate());
        for (int i = 0; i <= k; i++) {
          total.set(v[i], lengths[i]);
        }
      }
    }
    for (int i = 0; i < beyond.size(); i++) {
      Expression total = model.addExpression("beyond" + i).upper(beyond.get(i).bound() / c.maxRate());
      double[] w = beyond.get(i).minutesPerMove();
      for (int k = 0; k < m; k++) {
        total.set(v[k], w[k]);
      }
    }
    var result = model.minimise();
    if (!result.getState().isFeasible()) {
      return null;
    }
    double[] out = new double[m];
    for (int k = 0; k < m; k++) {
      out[k] = result.doubleValue(k);
    }
    return out;
  }

  private static void add(double[][] h, double[] g, double[] a, double e0, double w) {
    for (int k = 0; k < a.length; k++) {
      g[k] += 2 * w * e0 * a[k];
      for (int l = 0; l < a.length; l++) {
        h[k][l] += w * a[k] * a[l];
      }
    }
  }

  /**
   * A QP built from a diverging forecast (outputs up to 1e20) made ojAlgo's active-set solver cycle
   * for ever: a twin's decision never returned. The solver is now bounded in iterations (and, as a
   * last resort, in wall-clock time); the step ends with a plan within the hard bounds or none, and
   * the envelope withholds the implausible prediction.
   */
  @Test
  void aStepOnADivergingForecastEndsWithAPlanWithinTheBoundsOrNone() throws IOException {
    Map<String, String> dump = read("/mpc/diverging-forecast-qp.txt");
    double[] d = vector(dump.get("d"));
    double[] sd = vector(dump.get("sd"));
    double[] y = vector(dump.get("y"));
    double[] budgets = vector(dump.get("budgets"));
    double[] start = vector(dump.get("start"));
    double[][] a = matrix(dump.get("a"));
    double vPrev = Double.parseDouble(dump.get("vPrev"));
    MpcConfig c = MpcConfig.insulin();
    double[] v = assertTimeoutPreemptively(Duration.ofSeconds(30),
        () -> QpStep.solve(c, d, a, sd, y, vPrev, budgets, List.of(), start));
    if (v != null) {
      assertFeasible(c, v, vPrev, budgets, List.of());
    }
  }

  private static Map<String, String> read(String resource) throws IOException {
    try (InputStream in = QpStepTest.class.getResourceAsStream(resource)) {
      Map<String, String> out = new HashMap<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        int eq = line.indexOf('=');
        if (!line.startsWith("#") && eq > 0) {
          out.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
        }
      }
      return out;
    }
  }

  private static double[] vector(String s) {
    String body = s.replace("[", "").replace("]", "").trim();
    String[] parts = body.split(",");
    double[] out = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = Double.parseDouble(parts[i].trim());
    }
    return out;
  }

  private static double[][] matrix(String s) {
    String body = s.trim();
    body = body.substring(1, body.length() - 1).trim();
    String[] rows = body.split("\\],\\s*\\[");
    double[][] out = new double[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      out[i] = vector(rows[i]);
    }
    return out;
  }
}
