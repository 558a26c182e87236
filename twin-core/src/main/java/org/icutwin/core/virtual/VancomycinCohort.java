package org.icutwin.core.virtual;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded cohort of ICU vancomycin virtual patients (three-compartment truth, drifting renal function).
 *
 * <p>Weight U(50, 120) kg; baseline CrCL log-normal, median 80 mL/min, ω 0.5, in [15, 250];
 * 15% augmented renal clearance (CrCL0 130-200). Renal course: 50% stable, 30% recovering (×1.3-2
 * over 1-3 days from 12-48 h), 20% worsening (×0.3-0.7), plus a wander σ 0.1, τ 24 h.
 * CL = 4.5 L/h·(CrCL0/120)^0.8·exp(η), Vc = 58.4 L·WT/70·exp(η), Vp = 38.4 L·WT/70·exp(η),
 * Q = 6.5 L/h, with the IIV of Goti 2018 (CV 39.8%, 81.6%, 57.1%; ω² = ln(1 + CV²)). Deep
 * compartment Q3 1.2 L/h, V3 0.3 L/kg, ω 0.3 (assumptions).
 */
public final class VancomycinCohort {
  private VancomycinCohort() {}

  /** One drawn patient with its covariates at baseline. */
  public record Spec(String id, double weightKg, double baselineCrclMlPerMin, VancomycinParameters parameters) {
    public VancomycinPatient create() {
      return new VancomycinPatient(id, parameters);
    }
  }

  /** {@code n} patients drawn reproducibly from {@code seed}. */
  public static List<Spec> generate(int n, long seed) {
    var root = new SplittableRandom(seed);
    var out = new ArrayList<Spec>(n);
    for (int i = 0; i < n; i++) {
      var r = root.split();
      double wt = 50 + 70 * r.nextDouble();
      double crcl = r.nextDouble() < 0.15 ? 130 + 70 * r.nextDouble()
          : Math.min(250, Math.max(15, 80 * GlucoseCohort.logNormal(r, 0.5)));
      double course = r.nextDouble();
      double ratio = course < 0.35 ? 1.0 : course < 0.65 ? 1.3 + 0.7 * r.nextDouble() : course < 0.85
          ? 0.3 + 0.4 * r.nextDouble() : 1.0;
      var renal = new RenalTrajectory(crcl, ratio, 720 + 2160 * r.nextDouble(), 1440 + 2880 * r.nextDouble(),
          0.1, 1440, r.nextLong());
      double s = wt / 70;
      var p = new VancomycinParameters(4.5 / 60 * Math.pow(crcl / 120, 0.8) * GlucoseCohort.logNormal(r, omega(0.398)),
          0.8, 58.4 * s * GlucoseCohort.logNormal(r, omega(0.816)), 6.5 / 60,
          38.4 * s * GlucoseCohort.logNormal(r, omega(0.571)), 1.2 / 60 * GlucoseCohort.logNormal(r, 0.3),
          0.3 * wt * GlucoseCohort.logNormal(r, 0.3), renal);
      out.add(new Spec("vancomycin-" + seed + "-" + i, wt, crcl, p));
    }
    return List.copyOf(out);
  }

  static double omega(double cv) {
    return Math.sqrt(Math.log(1 + cv * cv));
  }
}
