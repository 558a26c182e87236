package org.icutwin.core.virtual;

import java.util.List;

/**
 * A second glucose-insulin truth, of Hovorka structure (Hovorka 2004, Physiol Meas 25:905), for
 * testing a controller on a structure neither its own model (Bergman) nor the main trial truth
 * (ICING) shares: glucose in two compartments, three remote insulin actions with their own slow
 * dynamics (transport, disposal, endogenous production), a two-compartment gut.
 *
 * <pre>
 *   dQ1/dt = −F01c − x1·Q1 + k12·Q2 − FR + UG + PN + EGP0·max(0, 1 − x3)
 *   dQ2/dt = x1·Q1 − (k12 + x2)·Q2
 *   dI/dt  = (u_IV + (1 − xL)·uen(G))/VI − ke·I
 *   dxj/dt = kaj·(m(t)·SIj·I − xj),   j = 1 (transport), 2 (disposal), 3 (EGP)
 *   dD1/dt = AG·enteral − D1/tmax,  dD2/dt = (D1 − D2)/tmax,  UG = D2/tmax
 *   G = Q1/VG,  F01c = F01·min(1, G/4.5),  FR = 0.003·(G − 9)·VG for G > 9
 * </pre>
 * Q1, Q2 glucose (mmol), I plasma insulin (mU/L), D1, D2 gut glucose (mmol); PN parenteral plus
 * dextrose (mmol/min). Hovorka's own insulin model is for subcutaneous insulin in type 1 diabetes;
 * here insulin is intravenous, and an ICU patient keeps an endogenous secretion uen(G) (the ICING
 * form, Lin 2011, suppressed below 4.5 mmol/L) and is insulin-resistant: the sensitivities SIj are scaled by a time-varying
 * multiplier m(t) (trend, wander and swings as {@link SensitivityPath}). Inputs as the twin's
 * Bergman model: insulin_iv (mU/min), glucose_enteral, glucose_parenteral, glucose_dextrose
 * (mmol/min); insulin_bolus (mU), dextrose_bolus (mmol). Values in docs/virtual-patients.md.
 */
public final class HovorkaGlucosePatient extends OdePatient {
  static final int Q1 = 0, Q2 = 1, I = 2, X1 = 3, X2 = 4, X3 = 5, D1 = 6, D2 = 7;

  private static final List<String> RATES = List.of("insulin_iv", "glucose_enteral", "glucose_parenteral",
      "glucose_dextrose");
  private static final List<String> BOLUSES = List.of("insulin_bolus", "dextrose_bolus");
  private static final List<String> OUTPUTS = List.of("glucose", "plasma_insulin", "gut_glucose");
  private static final List<String> PARAMETERS = List.of("sensitivity_multiplier", "EGP");

  /**
   * Individual parameters. Units: mmol, mU, L, min.
   *
   * @param multiplier m(t), the insulin-resistance multiplier of the three sensitivities
   * @param sit transport sensitivity SIT, 1/min per mU/L
   * @param sid disposal sensitivity SID, 1/min per mU/L
   * @param sie EGP sensitivity SIE, per mU/L
   * @param ka1 deactivation of x1, 1/min
   * @param ka2 deactivation of x2, 1/min
   * @param ka3 deactivation of x3, 1/min
   * @param egp0MmolPerMin EGP extrapolated to zero insulin, mmol/min
   * @param f01MmolPerMin insulin-independent glucose flux, mmol/min
   * @param k12 transfer from the non-accessible compartment, 1/min
   * @param vgL glucose distribution volume, L
   * @param viL insulin distribution volume, L
   * @param ke insulin elimination, 1/min
   * @param tmaxMin time to maximum gut absorption, min
   * @param bioavailability AG, fraction of enteral glucose absorbed
   * @param secretionFactor endogenous secretion relative to a non-diabetic (ICING uen(G), 1 − xL = 0.33)
   */
  public record Parameters(SensitivityPath multiplier, double sit, double sid, double sie, double ka1, double ka2,
      double ka3, double egp0MmolPerMin, double f01MmolPerMin, double k12, double vgL, double viL, double ke,
      double tmaxMin, double bioavailability, double secretionFactor) {

    public Parameters {
      for (double v : new double[] {sit, sid, sie, ka1, ka2, ka3, egp0MmolPerMin, f01MmolPerMin, k12, vgL, viL, ke,
          tmaxMin}) {
        if (!(v > 0) || Double.isInfinite(v)) {
          throw new IllegalArgumentException("Hovorka parameters must be finite and > 0: " + v);
        }
      }
      if (!(bioavailability > 0 && bioavailability <= 1) || !(secretionFactor >= 0 && secretionFactor <= 1)) {
        throw new IllegalArgumentException("need 0 < AG <= 1 and 0 <= secretion factor <= 1");
      }
    }

    /**
     * Hovorka 2004 population means per kg for a body weight, with the given multiplier path:
     * SIT 51.2e-4, SID 8.2e-4, SIE 520e-4; ka1 0.006, ka2 0.06, ka3 0.03 /min; EGP0 0.0161 and F01
     * 0.0097 mmol/kg/min; k12 0.066 /min; VG 0.16 and VI 0.12 L/kg; ke 0.138 /min; tmax 40 min; AG 0.8.
     */
    public static Parameters typical(SensitivityPath multiplier, double weightKg) {
      return new Parameters(multiplier, 51.2e-4, 8.2e-4, 520e-4, 0.006, 0.06, 0.03, 0.0161 * weightKg,
          0.0097 * weightKg, 0.066, 0.16 * weightKg, 0.12 * weightKg, 0.138, 40, 0.8, 1.0);
    }

    /**
     * Endogenous insulin reaching the circulation, mU/min: (1 − xL)·uen(G) of ICING, scaled, and
     * suppressed linearly from 4.5 to 0 at 3.0 mmol/L (falling insulin secretion is the first
     * defence against hypoglycaemia, from about 4.4-4.7 mmol/L; Cryer 2008). Without it, ICING's
     * secretion floor under this structure's strong, non-saturating action took an untreated
     * patient to 2.4 mmol/L.
     */
    double secretion(double g) {
      double suppression = Math.min(1.0, Math.max(0.0, (g - 3.0) / 1.5));
      return 0.33 * secretionFactor * Math.min(Math.max(16.7, 14.9 * g - 49.9), 266.7) * suppression;
    }
  }

  private final Parameters p;
  private final SensitivityPath.Evaluator m;

  /**
   * @param id patient id
   * @param p individual parameters
   * @param initialGlucose G at t = 0 (mmol/L); insulin and its actions start at their steady state
   *     under the endogenous secretion alone, Q2 at its steady state under that action
   */
  public HovorkaGlucosePatient(String id, Parameters p, double initialGlucose) {
    super(id, RATES, BOLUSES, initialState(p, initialGlucose), 1.0);
    this.p = p;
    this.m = p.multiplier().evaluator();
  }

  @Override
  public List<String> outputs() {
    return OUTPUTS;
  }

  @Override
  public List<String> parameterNames() {
    return PARAMETERS;
  }

  @Override
  void derivative(double t, double[] x, double[] u, double[] d) {
    double g = x[Q1] / p.vgL();
    double f01c = p.f01MmolPerMin() * Math.min(1.0, g / 4.5);
    double renal = g > 9 ? 0.003 * (g - 9) * p.vgL() : 0.0;
    double gut = x[D2] / p.tmaxMin();
    double egp = p.egp0MmolPerMin() * Math.max(0.0, 1 - x[X3]);
    d[Q1] = -f01c - x[X1] * x[Q1] + p.k12() * x[Q2] - renal + gut + u[2] + u[3] + egp;
    d[Q2] = x[X1] * x[Q1] - (p.k12() + x[X2]) * x[Q2];
    d[I] = (u[0] + p.secretion(g)) / p.viL() - p.ke() * x[I];
    double mt = m.at(t);
    d[X1] = p.ka1() * (mt * p.sit() * x[I] - x[X1]);
    d[X2] = p.ka2() * (mt * p.sid() * x[I] - x[X2]);
    d[X3] = p.ka3() * (mt * p.sie() * x[I] - x[X3]);
    d[D1] = p.bioavailability() * u[1] - x[D1] / p.tmaxMin();
    d[D2] = (x[D1] - x[D2]) / p.tmaxMin();
  }

  @Override
  void bolus(int channel, double amount, double[] x) {
    if (channel == 0) {
      x[I] += amount / p.viL();
    } else {
      x[Q1] += amount;
    }
  }

  @Override
  double output(String name, double t, double[] x) {
    return switch (name) {
      case "glucose" -> x[Q1] / p.vgL();
      case "plasma_insulin" -> x[I];
      case "gut_glucose" -> x[D1] + x[D2];
      default -> throw unknown("output", name, OUTPUTS);
    };
  }

  @Override
  double parameter(String name, double t, double[] x) {
    return switch (name) {
      case "sensitivity_multiplier" -> m.at(t);
      case "EGP" -> p.egp0MmolPerMin() * Math.max(0.0, 1 - x[X3]);
      default -> throw unknown("parameter", name, PARAMETERS);
    };
  }

  private static double[] initialState(Parameters p, double g0) {
    double m0 = p.multiplier().evaluator().at(0);
    double ins = p.secretion(g0) / (p.viL() * p.ke());
    double x1 = m0 * p.sit() * ins;
    double x2 = m0 * p.sid() * ins;
    double x3 = m0 * p.sie() * ins;
    double q1 = g0 * p.vgL();
    return new double[] {q1, x1 * q1 / (p.k12() + x2), ins, x1, x2, x3, 0.0, 0.0};
  }
}
