package org.icutwin.core.virtual;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.icutwin.core.simulation.DosingSchedule;

/**
 * Seeded cohort of ICU glucose-insulin virtual patients (ICING-style truth, 72 h plans).
 *
 * <p>Weight U(50, 120) kg; 25% diabetic; SI0 log-normal, median 2.5e-4 L/(mU·min), ω 0.6 (×0.7 if
 * diabetic), so that about 95% lie in the ICU range 1e-4 to 1e-3 (Pretty 2012); day-1 to day-2
 * trend a ~ N(0.7, 0.4) truncated at −0.3; wander σ 0.2, τ 6 h; 35% of patients have one swing of
 * ×2-5 up or down reached in 2-4 h, held 1-3 h, released over 3-6 h. Nutrition: enteral feed
 * 0.4-0.9 mmol/min glucose (4.3-9.7 g/h carbohydrate) with Poisson(1.5) interruptions of 2-6 h,
 * or (15%) parenteral nutrition 0.5-1.0 mmol/min; 30% receive 5% dextrose 0.25-0.45 mmol/min for
 * 6-24 h. Other parameters: Lin 2011 values with the log-normal variability in
 * docs/virtual-patients.md (assumptions).
 */
public final class GlucoseCohort {
  static final double HORIZON_MIN = 72 * 60;

  private GlucoseCohort() {}

  /** {@code n} patients drawn reproducibly from {@code seed}. */
  public static List<GlucosePatientSpec> generate(int n, long seed) {
    var root = new SplittableRandom(seed);
    var out = new ArrayList<GlucosePatientSpec>(n);
    for (int i = 0; i < n; i++) {
      out.add(draw("glucose-" + seed + "-" + i, root.split()));
    }
    return List.copyOf(out);
  }

  static GlucosePatientSpec draw(String id, SplittableRandom r) {
    double wt = 50 + 70 * r.nextDouble();
    boolean diabetic = r.nextDouble() < 0.25;
    double si0 = 2.5e-4 * (diabetic ? 0.7 : 1.0) * logNormal(r, 0.6);
    var si = sensitivityCourse(si0, r);
    var typ = IcingParameters.typical(si);
    double scale = wt / 70;
    double secretion = diabetic ? 0.3 : 1.0;
    var p = new IcingParameters(si, typ.pG() * logNormal(r, 0.3), typ.egpMmolPerMin() * logNormal(r, 0.2) * scale,
        typ.cnsMmolPerMin(), typ.vgL() * scale, typ.viL() * scale, typ.nK() * logNormal(r, 0.2),
        typ.nL() * logNormal(r, 0.2), typ.nI(), typ.nC(), typ.alphaG(), typ.alphaI(), typ.xL(),
        typ.uenSlope() * secretion, typ.uenIntercept() * secretion, typ.uenMin() * secretion, typ.uenMax(),
        typ.d1() * logNormal(r, 0.2), typ.d2() * logNormal(r, 0.3), typ.pMaxMmolPerMin(), typ.renalThreshold(),
        typ.renalClearanceLPerMin() * logNormal(r, 0.3));
    double g0 = 7 + 5 * r.nextDouble();
    return new GlucosePatientSpec(id, wt, diabetic, g0, p, nutrition(r));
  }

  /**
   * {@code n} patients of Hovorka structure ({@link HovorkaGlucosePatient}), drawn reproducibly
   * from {@code seed}: a held-out structure for the glucose controller. Weight, diabetes, admission
   * glucose, nutrition and the insulin-sensitivity course (trend, wander, swings) are drawn as for
   * the ICING cohort; the sensitivity multiplier m0 has median 0.15 (×0.7 if diabetic), log-normal
   * ω 0.5, chosen so that an average patient on a 0.65 mmol/min feed sits near 14 mmol/L without
   * insulin and near 6 on 4 U/h (assumption); Hovorka 2004 means with log-normal variability
   * (docs/virtual-patients.md).
   */
  public static List<HovorkaGlucoseSpec> generateHovorka(int n, long seed) {
    var root = new SplittableRandom(seed);
    var out = new ArrayList<HovorkaGlucoseSpec>(n);
    for (int i = 0; i < n; i++) {
      out.add(drawHovorka("hovorka-" + seed + "-" + i, root.split()));
    }
    return List.copyOf(out);
  }

  static HovorkaGlucoseSpec drawHovorka(String id, SplittableRandom r) {
    double wt = 50 + 70 * r.nextDouble();
    boolean diabetic = r.nextDouble() < 0.25;
    double m0 = 0.15 * (diabetic ? 0.7 : 1.0) * logNormal(r, 0.5);
    var m = sensitivityCourse(m0, r);
    var t = HovorkaGlucosePatient.Parameters.typical(m, wt);
    var p = new HovorkaGlucosePatient.Parameters(m, t.sit() * logNormal(r, 0.3), t.sid() * logNormal(r, 0.3),
        t.sie() * logNormal(r, 0.3), t.ka1() * logNormal(r, 0.4), t.ka2() * logNormal(r, 0.4),
        t.ka3() * logNormal(r, 0.4), t.egp0MmolPerMin() * logNormal(r, 0.2), t.f01MmolPerMin() * logNormal(r, 0.2),
        t.k12() * logNormal(r, 0.3), t.vgL() * logNormal(r, 0.15), t.viL() * logNormal(r, 0.15),
        t.ke() * logNormal(r, 0.2), t.tmaxMin() * logNormal(r, 0.2), t.bioavailability(), diabetic ? 0.3 : 1.0);
    double g0 = 7 + 5 * r.nextDouble();
    return new HovorkaGlucoseSpec(id, wt, diabetic, g0, p, nutrition(r));
  }

  /**
   * The insulin-sensitivity course of both cohorts from its value at admission: a day-1 to day-2
   * trend a ~ N(0.7, 0.4) truncated at −0.3, a wander (σ 0.2, τ 6 h) and, in 35% of patients, one
   * swing of ×2-5 up or down reached in 2-4 h, held 1-3 h, released over 3-6 h.
   */
  static SensitivityPath sensitivityCourse(double typical, SplittableRandom r) {
    double trend = Math.max(-0.3, 0.7 + 0.4 * SampledSensor.gaussian(r));
    List<Swing> swings = new ArrayList<>();
    if (r.nextDouble() < 0.35) {
      double amp = Math.log(2 + 3 * r.nextDouble()) * (r.nextBoolean() ? 1 : -1);
      swings.add(new Swing(360 + (HORIZON_MIN - 720) * r.nextDouble(), amp, 120 + 120 * r.nextDouble(),
          60 + 120 * r.nextDouble(), 180 + 180 * r.nextDouble()));
    }
    return new SensitivityPath(typical, trend, 0.2, 360, swings, r.nextLong());
  }

  /** Feed plan over 72 h: enteral with interruptions or parenteral, plus optional dextrose. */
  static DosingSchedule nutrition(SplittableRandom r) {
    DosingSchedule plan = DosingSchedule.empty();
    if (r.nextDouble() < 0.15) {
      plan = plan.rate(0, "glucose_parenteral", 0.5 + 0.5 * r.nextDouble());
    } else {
      double feed = 0.4 + 0.5 * r.nextDouble();
      plan = plan.rate(0, "glucose_enteral", feed);
      int stops = poisson(r, 1.5);
      double[] starts = new double[stops];
      for (int k = 0; k < stops; k++) {
        starts[k] = 240 + (HORIZON_MIN - 600) * r.nextDouble();
      }
      java.util.Arrays.sort(starts);
      double free = 0;
      for (double s : starts) {
        if (s < free) {
          continue; // overlapping interruptions merge into the earlier one
        }
        double end = s + 120 + 240 * r.nextDouble();
        plan = plan.rate(s, "glucose_enteral", 0.0).rate(end, "glucose_enteral", feed);
        free = end;
      }
    }
    if (r.nextDouble() < 0.3) {
      double start = HORIZON_MIN * 0.8 * r.nextDouble();
      plan = plan.rate(start, "glucose_dextrose", 0.25 + 0.2 * r.nextDouble())
          .rate(start + 360 + 1080 * r.nextDouble(), "glucose_dextrose", 0.0);
    }
    return plan;
  }

  static double logNormal(SplittableRandom r, double omega) {
    return Math.exp(omega * SampledSensor.gaussian(r));
  }

  static int poisson(SplittableRandom r, double mean) {
    double l = Math.exp(-mean), p = 1;
    int k = 0;
    do {
      k++;
      p *= r.nextDouble();
    } while (p > l);
    return k - 1;
  }
}
