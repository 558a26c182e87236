package org.icutwin.core.virtual;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded cohort of septic-shock norepinephrine → MAP virtual patients.
 *
 * <p>Weight U(50, 120) kg. CL 1.6 L/min·(WT/70)^0.75 median (Beloeil 2005 range 0.9-3; allometric exponent assumption), ω 0.45, falling by
 * 10-40% at the shock nadir; V1 8.8 L·WT/70 (Beloeil 2005), ω 0.3; Q 1.0 L/min, V2 8 L·WT/70
 * (assumptions, ω 0.3); ke0 0.3 /min median, ω 0.4; Emax 45 mm[Hg], ω 0.35; EC50 4.1 µg/L
 * (Oualha 2014), ω 0.5; γ 1.8, ω 0.3 (≥ 1); tolerance 1/(4-16 h), β U(0, 0.8). Baseline MAP0
 * 62 mm[Hg]·exp(N(0, 0.1²)), falling 5-25 mm[Hg] to a nadir at 2-12 h, wander SD 3 mm[Hg],
 * τ 60 min. All ω and the assumptions are documented in docs/virtual-patients.md.
 */
public final class NorepinephrineCohort {
  private NorepinephrineCohort() {}

  /** One drawn patient with its covariate. */
  public record Spec(String id, double weightKg, NorepinephrineParameters parameters) {
    public NorepinephrinePatient create() {
      return new NorepinephrinePatient(id, parameters);
    }
  }

  /** {@code n} patients drawn reproducibly from {@code seed}. */
  public static List<Spec> generate(int n, long seed) {
    var root = new SplittableRandom(seed);
    var out = new ArrayList<Spec>(n);
    for (int i = 0; i < n; i++) {
      var r = root.split();
      double wt = 50 + 70 * r.nextDouble();
      double s = wt / 70;
      var baseline = new NorepinephrineParameters.Baseline(62 * GlucoseCohort.logNormal(r, 0.1),
          5 + 20 * r.nextDouble(), 120 + 600 * r.nextDouble(), 3.0, 60.0, r.nextLong());
      var p = new NorepinephrineParameters(1.6 * Math.pow(s, 0.75) * GlucoseCohort.logNormal(r, 0.45), 0.1 + 0.3 * r.nextDouble(),
          8.8 * s * GlucoseCohort.logNormal(r, 0.3), 1.0 * GlucoseCohort.logNormal(r, 0.3),
          8 * s * GlucoseCohort.logNormal(r, 0.3), 0.3 * GlucoseCohort.logNormal(r, 0.4),
          45 * GlucoseCohort.logNormal(r, 0.35), 4.1 * GlucoseCohort.logNormal(r, 0.5),
          Math.max(1.0, 1.8 * GlucoseCohort.logNormal(r, 0.3)), 1.0 / (240 + 720 * r.nextDouble()),
          0.8 * r.nextDouble(), baseline);
      out.add(new Spec("norepinephrine-" + seed + "-" + i, wt, p));
    }
    return List.copyOf(out);
  }
}
