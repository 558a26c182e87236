package org.icutwin.core.virtual;

import java.util.Arrays;
import java.util.List;

/**
 * Vancomycin truth: three compartments with clearance following a drifting creatinine clearance.
 *
 * <pre>
 *   CL(t)  = CL·(CrCL(t)/CrCL0)^0.8                          (exponent from Goti 2018)
 *   dA1/dt = R(t) − CL(t)·C1 − Q2·(C1 − A2/V2) − Q3·(C1 − A3/V3),  C1 = A1/V1
 *   dA2/dt = Q2·(C1 − A2/V2)
 *   dA3/dt = Q3·(C1 − A3/V3)
 *   dE/dt  = CL(t)·C1,  dU/dt = C1                           (eliminated amount, AUC)
 * </pre>
 * Amounts mg, volumes L, clearances L/min, C mg/L; input {@code infusion} (mg/min) and
 * {@code bolus} (mg), as the twin. The deep compartment and the time-varying CL are deliberate
 * mismatch with the twin's two-compartment Goti 2018 model.
 */
public final class VancomycinPatient extends OdePatient {
  static final int A1 = 0, A2 = 1, A3 = 2, ELIM = 3, AUC = 4;
  private static final List<String> OUTPUTS = List.of("concentration", "amount_in_body", "amount_eliminated");
  private static final List<String> PARAMETERS = List.of("CL", "CrCL", "V1");

  private final VancomycinParameters p;
  private final OuPath renalWander;
  private double[] times = new double[256];
  private double[] cumulative = new double[256];
  private int size = 1;

  public VancomycinPatient(String id, VancomycinParameters p) {
    super(id, List.of("infusion"), List.of("bolus"), new double[5], 5.0);
    this.p = p;
    var r = p.renal();
    this.renalWander = new OuPath(r.wanderSd(), r.wanderCorrelationMin(), 60.0, r.seed());
  }

  @Override
  public List<String> outputs() {
    return OUTPUTS;
  }

  @Override
  public List<String> parameterNames() {
    return PARAMETERS;
  }

  /** True creatinine clearance at t, mL/min. */
  double crcl(double t) {
    return p.renal().trend(t) * Math.exp(renalWander.at(t));
  }

  /** True vancomycin clearance at t, L/min. */
  double clearance(double t) {
    return p.clLPerMin() * Math.pow(crcl(t) / p.renal().baselineMlPerMin(), p.renalExponent());
  }

  /**
   * True AUC of the central concentration over [fromMin, toMin], mg·h/L. Exact (to the
   * integrator's accuracy) at times the patient was advanced to; linear between 5-min steps.
   */
  public double trueAuc(double fromMin, double toMin) {
    if (!(fromMin >= 0) || !(toMin >= fromMin) || toMin > timeMin()) {
      throw new IllegalArgumentException("AUC window [" + fromMin + ", " + toMin + "] must lie in [0, "
          + timeMin() + "] min");
    }
    return (cumulativeAt(toMin) - cumulativeAt(fromMin)) / 60.0;
  }

  /** True AUC over the 24 h ending at {@code endMin} (≥ 1440), mg·h/L. */
  public double trueAuc24(double endMin) {
    return trueAuc(endMin - 1440, endMin);
  }

  @Override
  void afterStep(double t, double[] x) {
    if (size == times.length) {
      times = Arrays.copyOf(times, 2 * size);
      cumulative = Arrays.copyOf(cumulative, 2 * size);
    }
    times[size] = t;
    cumulative[size] = x[AUC];
    size++;
  }

  private double cumulativeAt(double t) {
    int k = Arrays.binarySearch(times, 0, size, t);
    if (k >= 0) {
      return cumulative[k];
    }
    int hi = -k - 1;
    int lo = hi - 1;
    double f = (t - times[lo]) / (times[hi] - times[lo]);
    return cumulative[lo] + f * (cumulative[hi] - cumulative[lo]);
  }

  @Override
  void derivative(double t, double[] x, double[] u, double[] d) {
    double c1 = x[A1] / p.v1L();
    double f2 = p.q2LPerMin() * (c1 - x[A2] / p.v2L());
    double f3 = p.q3LPerMin() * (c1 - x[A3] / p.v3L());
    double elim = clearance(t) * c1;
    d[A1] = u[0] - elim - f2 - f3;
    d[A2] = f2;
    d[A3] = f3;
    d[ELIM] = elim;
    d[AUC] = c1;
  }

  @Override
  void bolus(int channel, double amount, double[] x) {
    x[A1] += amount;
  }

  @Override
  double output(String name, double t, double[] x) {
    return switch (name) {
      case "concentration" -> x[A1] / p.v1L();
      case "amount_in_body" -> x[A1] + x[A2] + x[A3];
      case "amount_eliminated" -> x[ELIM];
      default -> throw unknown("output", name, OUTPUTS);
    };
  }

  @Override
  double parameter(String name, double t, double[] x) {
    return switch (name) {
      case "CL" -> clearance(t);
      case "CrCL" -> crcl(t);
      case "V1" -> p.v1L();
      default -> throw unknown("parameter", name, PARAMETERS);
    };
  }
}
