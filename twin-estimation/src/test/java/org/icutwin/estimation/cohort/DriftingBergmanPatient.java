package org.icutwin.estimation.cohort;

import java.util.SplittableRandom;
import org.icutwin.core.catalog.BergmanInsulinModel;
import org.icutwin.core.catalog.ModelCatalog;
import org.icutwin.core.model.Covariates;
import org.icutwin.core.model.ParameterVectors;

/**
 * A virtual patient that shares the twin's definition of insulin sensitivity (Bergman
 * structure, SI = p3/p2) but not its parameters or its simplifications, so that SI recovery can
 * be asserted exactly:
 * <ul>
 *   <li>every parameter drawn from the prior (p1, Gb, p2, p3, n with their ω; VG, VI ±10%);</li>
 *   <li>SI(t) drifts: it rises a third from day 1 to day 2 (Pretty 2012) on top of a seeded
 *       log-random walk of 0.3 per √day;</li>
 *   <li>endogenous glucose production p1·Gb varies ±15% over the day (unmodelled);</li>
 *   <li>enteral glucose appears through a gut compartment with a 45-min time constant
 *       (unmodelled: the twin takes it as immediate).</li>
 * </ul>
 * Integrated by RK4 at 0.5 min with SI and EGP piecewise constant per 5-min step.
 */
final class DriftingBergmanPatient {
  static final BergmanInsulinModel MODEL = ModelCatalog.bergmanMinimal();
  private static final double GUT_TAU_MIN = 45;

  final double weightKg;
  private final double p1, gb, p2, p3Base, n, ib, vg, vi;
  private final SplittableRandom rnd;
  private double walk;
  private double g, x, i, gut;
  private double insulin, enteral, iv;
  private double time;

  /** Which parameters besides SI differ from the twin's typical values. */
  enum Perturbation { SI_ONLY, SI_AND_EGP, ALL }

  DriftingBergmanPatient(long seed, Perturbation what) {
    rnd = new SplittableRandom(seed);
    weightKg = 55 + 55 * rnd.nextDouble();
    double[] typ = ParameterVectors.typical(MODEL, Covariates.none().weightKg(weightKg));
    double egp = what == Perturbation.SI_ONLY ? 0 : 1;
    double kin = what == Perturbation.ALL ? 1 : 0;
    p1 = typ[BergmanInsulinModel.P1] * Math.exp(egp * 0.3 * gauss());
    gb = typ[BergmanInsulinModel.GB] * Math.exp(egp * 0.25 * gauss());
    p2 = typ[BergmanInsulinModel.P2] * Math.exp(kin * 0.3 * gauss());
    p3Base = typ[BergmanInsulinModel.P3] * Math.exp(0.6 * gauss());
    n = typ[BergmanInsulinModel.N] * Math.exp(kin * 0.15 * gauss());
    ib = typ[BergmanInsulinModel.IB];
    vg = typ[BergmanInsulinModel.VG] * Math.exp(kin * 0.1 * gauss());
    vi = typ[BergmanInsulinModel.VI] * Math.exp(kin * 0.1 * gauss());
    g = gb + 2 + 3 * rnd.nextDouble();
    x = 0;
    i = ib;
  }

  private double gauss() {
    // Box-Muller on the seeded generator.
    return Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
  }

  double initialGlucose() {
    return g;
  }

  /** True SI = p3(t)/p2 in L/(mU·min). */
  double trueSI() {
    return p3(time) / p2;
  }

  private double p3(double t) {
    return p3Base * Math.pow(4.0 / 3.0, Math.min(t, 2880) / 1440.0) * Math.exp(walk);
  }

  double glucose() {
    return g;
  }

  void setInsulin(double mUPerMin) {
    insulin = mUPerMin;
  }

  void setEnteral(double mmolPerMin) {
    enteral = mmolPerMin;
  }

  /** Starts the gut at the steady state of the current feed (the patient was already fed). */
  void feedAtSteadyState() {
    gut = enteral * GUT_TAU_MIN;
  }

  void setIntravenousGlucose(double mmolPerMin) {
    iv = mmolPerMin;
  }

  void advanceTo(double t) {
    while (time < t - 1e-9) {
      double step = Math.min(5, t - time);
      double p3 = p3(time);
      double egp = p1 * gb * (1 + 0.15 * Math.sin(2 * Math.PI * time / 1440));
      int sub = (int) Math.ceil(step / 0.5);
      double h = step / sub;
      for (int k = 0; k < sub; k++) {
        rk4(h, p3, egp);
      }
      walk += 0.3 * Math.sqrt(step / 1440) * gauss();
      time += step;
    }
  }

  private void rk4(double h, double p3, double egp) {
    double[] s = {g, x, i, gut};
    double[] k1 = f(s, p3, egp);
    double[] k2 = f(add(s, k1, h / 2), p3, egp);
    double[] k3 = f(add(s, k2, h / 2), p3, egp);
    double[] k4 = f(add(s, k3, h), p3, egp);
    for (int j = 0; j < 4; j++) {
      s[j] += h / 6 * (k1[j] + 2 * k2[j] + 2 * k3[j] + k4[j]);
    }
    g = Math.max(s[0], 0);
    x = s[1];
    i = Math.max(s[2], 0);
    gut = Math.max(s[3], 0);
  }

  private double[] f(double[] s, double p3, double egp) {
    double ra = s[3] / GUT_TAU_MIN + iv;
    return new double[] {
        -(p1 + s[1]) * s[0] + egp + ra / vg,
        -p2 * s[1] + p3 * (s[2] - ib),
        -n * (s[2] - ib) + insulin / vi,
        enteral - s[3] / GUT_TAU_MIN};
  }

  private static double[] add(double[] s, double[] d, double h) {
    double[] r = new double[s.length];
    for (int j = 0; j < s.length; j++) {
      r[j] = s[j] + h * d[j];
    }
    return r;
  }
}
