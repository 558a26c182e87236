package org.icutwin.core.virtual;

import java.util.List;

/**
 * Glucose-insulin truth of ICING structure (Lin 2011, Comput Methods Programs Biomed 102:192).
 *
 * <pre>
 *   dG/dt  = −pG·G − SI(t)·G·Q/(1 + αG·Q) + (EGP − CNS·G/(G + 0.5) + P + PN − R)/VG
 *   dQ/dt  = nI·(I − Q) − nC·Q/(1 + αG·Q)
 *   dI/dt  = −nK·I − nL·I/(1 + αI·I) − nI·(I − Q) + u_IV/VI + (1 − xL)·uen(G)/VI
 *   dP1/dt = −d1·P1 + D(t)
 *   dP2/dt = −min(d2·P2, Pmax) + d1·P1
 *   P = min(d2·P2, Pmax),  PN = parenteral + dextrose,  R = CLR·max(G − Gthr, 0)
 * </pre>
 * G glucose (mmol/L), Q interstitial and I plasma insulin (mU/L), P1, P2 gut glucose (mmol);
 * D enteral glucose (mmol/min). The CNS saturation and renal loss R are ours (assumptions).
 * Inputs as the twin's Bergman model: insulin_iv (mU/min), glucose_enteral, glucose_parenteral,
 * glucose_dextrose (mmol/min); insulin_bolus (mU), dextrose_bolus (mmol).
 */
public final class IcingGlucosePatient extends OdePatient {
  static final int G = 0, Q = 1, I = 2, P1 = 3, P2 = 4;
  /** Reference for the Bergman-equivalent SI: 3 U/h, and the twin's typical n·VI per kg. */
  static final double U_REF_MU_PER_MIN = 50.0, G_REF = 8.0, TWIN_N = 0.12, TWIN_VI_PER_KG = 0.12;

  private static final List<String> RATES = List.of("insulin_iv", "glucose_enteral", "glucose_parenteral",
      "glucose_dextrose");
  private static final List<String> BOLUSES = List.of("insulin_bolus", "dextrose_bolus");
  private static final List<String> OUTPUTS = List.of("glucose", "plasma_insulin", "interstitial_insulin",
      "gut_glucose");
  private static final List<String> PARAMETERS = List.of("SI", "SI_bergman", "EGP");

  private final IcingParameters p;
  private final SensitivityPath.Evaluator si;
  private final double bergmanFactor;

  /**
   * @param id patient id
   * @param p individual parameters
   * @param weightKg body weight, used only for the Bergman-equivalent SI (twin's VI = 0.12 L/kg)
   * @param initialGlucose G at t = 0 (mmol/L); insulin starts at its steady state under zero input
   */
  public IcingGlucosePatient(String id, IcingParameters p, double weightKg, double initialGlucose) {
    super(id, RATES, BOLUSES, initialState(p, initialGlucose), 1.0);
    this.p = p;
    this.si = p.si().evaluator();
    this.bergmanFactor = (action(p, U_REF_MU_PER_MIN) - action(p, 0.0)) * TWIN_N * TWIN_VI_PER_KG * weightKg
        / U_REF_MU_PER_MIN;
  }

  /** True insulin sensitivity SI(t) of the ICING structure, L/(mU·min). */
  public double trueSensitivity() {
    return si.at(timeMin());
  }

  /**
   * SI(t) mapped to the Bergman scale SI_B = p3/p2, L/(mU·min): the SI_B that gives the twin's
   * structure (n = 0.12 /min, VI = 0.12 L/kg) the same steady-state insulin action gain as the
   * truth between no insulin and 3 U/h at G = 8 mmol/L. Approximate: the actions differ in shape.
   */
  public double trueEquivalentSI() {
    return si.at(timeMin()) * bergmanFactor;
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
    double g = x[G], q = x[Q], ins = x[I];
    double gut = Math.min(p.d2() * x[P2], p.pMaxMmolPerMin());
    double renal = p.renalClearanceLPerMin() * Math.max(g - p.renalThreshold(), 0.0);
    double cns = p.cnsMmolPerMin() * g / (g + 0.5);
    d[G] = -p.pG() * g - si.at(t) * g * q / (1 + p.alphaG() * q)
        + (p.egpMmolPerMin() - cns + gut + u[2] + u[3] - renal) / p.vgL();
    d[Q] = p.nI() * (ins - q) - p.nC() * q / (1 + p.alphaG() * q);
    d[I] = -p.nK() * ins - p.nL() * ins / (1 + p.alphaI() * ins) - p.nI() * (ins - q)
        + (u[0] + (1 - p.xL()) * p.secretion(g)) / p.viL();
    d[P1] = -p.d1() * x[P1] + u[1];
    d[P2] = -gut + p.d1() * x[P1];
  }

  @Override
  void bolus(int channel, double amount, double[] x) {
    if (channel == 0) {
      x[I] += amount / p.viL();
    } else {
      x[G] += amount / p.vgL();
    }
  }

  @Override
  double output(String name, double t, double[] x) {
    return switch (name) {
      case "glucose" -> x[G];
      case "plasma_insulin" -> x[I];
      case "interstitial_insulin" -> x[Q];
      case "gut_glucose" -> x[P1] + x[P2];
      default -> throw unknown("output", name, OUTPUTS);
    };
  }

  @Override
  double parameter(String name, double t, double[] x) {
    return switch (name) {
      case "SI" -> si.at(t);
      case "SI_bergman" -> si.at(t) * bergmanFactor;
      case "EGP" -> p.egpMmolPerMin();
      default -> throw unknown("parameter", name, PARAMETERS);
    };
  }

  private static double[] initialState(IcingParameters p, double g0) {
    double q = steadyQ(p, 0.0, g0);
    return new double[] {g0, q, plasmaFor(p, q), 0.0, 0.0};
  }

  /** Insulin action SI-free factor Q/(1 + αG·Q) at the insulin steady state under u (mU/min). */
  static double action(IcingParameters p, double u) {
    double q = steadyQ(p, u, G_REF);
    return q / (1 + p.alphaG() * q);
  }

  private static double plasmaFor(IcingParameters p, double q) {
    return q + p.nC() * q / ((1 + p.alphaG() * q) * p.nI());
  }

  /** Interstitial insulin at steady state under insulin u (mU/min) and glucose g, by bisection. */
  static double steadyQ(IcingParameters p, double u, double g) {
    double lo = 0, hi = 1e5;
    for (int k = 0; k < 200; k++) {
      double q = 0.5 * (lo + hi);
      double ins = plasmaFor(p, q);
      double net = -p.nK() * ins - p.nL() * ins / (1 + p.alphaI() * ins) - p.nI() * (ins - q)
          + (u + (1 - p.xL()) * p.secretion(g)) / p.viL();
      if (net > 0) {
        lo = q;
      } else {
        hi = q;
      }
    }
    return 0.5 * (lo + hi);
  }
}
