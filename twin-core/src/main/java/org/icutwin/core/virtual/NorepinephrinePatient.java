package org.icutwin.core.virtual;

import java.util.List;

/**
 * Norepinephrine → MAP truth: two-compartment PK, effect-site delay, sigmoid Emax with tolerance,
 * and a drifting shock baseline.
 *
 * <pre>
 *   dA1/dt = R(t) − (CL(t) + Q)/V1·A1 + Q/V2·A2        CL(t) = CL·(1 − δ·s(t))
 *   dA2/dt = Q/V1·A1 − Q/V2·A2
 *   dCe/dt = ke0·(A1/V1 − Ce)
 *   dT/dt  = ktol·(Ce − T)                              tolerance (tachyphylaxis)
 *   EC50(t) = EC50·(1 + β·T/EC50)
 *   MAP    = MAP0(t) + Emax·Ce^γ/(EC50(t)^γ + Ce^γ)
 * </pre>
 * A1, A2 µg; Ce, T µg/L; R µg/min (input {@code infusion}, the twin's channel). The twin has one
 * compartment, a direct hyperbolic effect and a constant MAP0: every item above that differs is
 * deliberate mismatch. Sources and assumptions in docs/virtual-patients.md.
 */
public final class NorepinephrinePatient extends OdePatient {
  static final int A1 = 0, A2 = 1, CE = 2, TOL = 3;
  private static final List<String> OUTPUTS = List.of("map", "concentration", "concentration_effect");
  private static final List<String> PARAMETERS = List.of("MAP0", "EC50", "CL");

  private final NorepinephrineParameters p;
  private final OuPath wander;

  public NorepinephrinePatient(String id, NorepinephrineParameters p) {
    super(id, List.of("infusion"), List.of("bolus"), new double[4], 0.25);
    this.p = p;
    var b = p.baseline();
    this.wander = new OuPath(b.wanderSdMmHg(), b.wanderCorrelationMin(), 10.0, b.seed());
  }

  @Override
  public List<String> outputs() {
    return OUTPUTS;
  }

  @Override
  public List<String> parameterNames() {
    return PARAMETERS;
  }

  /** Untreated MAP0(t), mm[Hg]. */
  double map0(double t) {
    var b = p.baseline();
    return b.baseMmHg() - b.depthMmHg() * b.shock(t) + wander.at(t);
  }

  double clearance(double t) {
    return p.clLPerMin() * (1 - p.clShockDrop() * p.baseline().shock(t));
  }

  double ec50(double[] x) {
    return p.ec50UgPerL() + p.toleranceGain() * x[TOL];
  }

  @Override
  void derivative(double t, double[] x, double[] u, double[] d) {
    double c1 = x[A1] / p.v1L();
    double flow = p.qLPerMin() * (c1 - x[A2] / p.v2L());
    d[A1] = u[0] - clearance(t) * c1 - flow;
    d[A2] = flow;
    d[CE] = p.ke0PerMin() * (c1 - x[CE]);
    d[TOL] = p.toleranceRatePerMin() * (x[CE] - x[TOL]);
  }

  @Override
  void bolus(int channel, double amount, double[] x) {
    x[A1] += amount;
  }

  @Override
  double output(String name, double t, double[] x) {
    return switch (name) {
      case "map" -> {
        double ce = Math.pow(x[CE], p.gamma());
        double effect = p.emaxMmHg() * ce / (Math.pow(ec50(x), p.gamma()) + ce);
        yield Math.max(map0(t) + effect, 10.0); // a living patient keeps some pressure
      }
      case "concentration" -> x[A1] / p.v1L();
      case "concentration_effect" -> x[CE];
      default -> throw unknown("output", name, OUTPUTS);
    };
  }

  @Override
  double parameter(String name, double t, double[] x) {
    return switch (name) {
      case "MAP0" -> map0(t);
      case "EC50" -> ec50(x);
      case "CL" -> clearance(t);
      default -> throw unknown("parameter", name, PARAMETERS);
    };
  }
}
