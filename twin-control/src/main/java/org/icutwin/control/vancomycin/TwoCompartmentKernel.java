package org.icutwin.control.vancomycin;

import java.util.List;

/**
 * Closed-form central concentration and AUC of a linear two-compartment model under zero-order
 * infusions, by superposition of the bi-exponential unit response.
 *
 * <p>A unit bolus gives C(t) = a₁·e^{−αt} + a₂·e^{−βt} with (Gibaldi and Perrier,
 * Pharmacokinetics, 2nd ed., ch. 2)
 * <pre>
 * k10 = CL/V1, k12 = Q/V1, k21 = Q/V2
 * α + β = k10 + k12 + k21,  α·β = k10·k21
 * a₁ = (α − k21)/((α − β)·V1),  a₂ = (k21 − β)/((α − β)·V1)
 * </pre>
 * For a rate R on [s, s + T], each exponential λ contributes R·[S(t − s) − S(t − s − T)] with
 * the step response S(x) = (1 − e^{−λx})/λ, and its cumulative AUC R·[P(t − s) − P(t − s − T)]
 * with the ramp P(x) = x/λ − (1 − e^{−λx})/λ² (S, P = 0 for x ≤ 0). Units: θ in L/min and L,
 * doses in mg, time in min, so C in mg/L and AUC in mg·min/L. Exact for a linear model starting
 * drug-free; used by the dose search because it is linear in each dose and costs a few
 * exponentials. Verified against {@code Exposure.auc24MgHPerL} in the tests.
 */
final class TwoCompartmentKernel {
  private final double alpha;
  private final double beta;
  private final double a1;
  private final double a2;

  /** @param theta CL (L/min), V1 (L), Q2 (L/min), V2 (L): the Goti 2018 model's order */
  TwoCompartmentKernel(double[] theta) {
    double cl = theta[0];
    double v1 = theta[1];
    double q = theta[2];
    double v2 = theta[3];
    for (double v : theta) {
      if (!(v > 0) || !Double.isFinite(v)) {
        throw new IllegalArgumentException("two-compartment parameters must be finite and > 0, got CL=" + cl
            + ", V1=" + v1 + ", Q=" + q + ", V2=" + v2);
      }
    }
    double k10 = cl / v1;
    double k12 = q / v1;
    double k21 = q / v2;
    double sum = k10 + k12 + k21;
    double prod = k10 * k21;
    alpha = 0.5 * (sum + Math.sqrt(Math.max(0.0, sum * sum - 4 * prod)));
    beta = prod / alpha; // avoids the cancellation of (sum − √…)/2 when β ≪ α
    a1 = (alpha - k21) / ((alpha - beta) * v1);
    a2 = (k21 - beta) / ((alpha - beta) * v1);
  }

  /** Central concentration at {@code tMin}, mg/L. */
  double concentration(List<VancomycinDose> doses, double tMin) {
    double c = 0;
    for (VancomycinDose d : doses) {
      c += unitRateConcentration(d.startMin(), d.durationMin(), tMin) * d.amountMg() / d.durationMin();
    }
    return c;
  }

  /** ∫ C dt over [fromMin, toMin], mg·h/L. */
  double aucMgHPerL(List<VancomycinDose> doses, double fromMin, double toMin) {
    double auc = 0;
    for (VancomycinDose d : doses) {
      auc += unitRateAuc(d.startMin(), d.durationMin(), fromMin, toMin) * d.amountMg() / d.durationMin();
    }
    return auc / 60.0;
  }

  /** C at t of a 1 mg/min infusion over [s, s + T], mg/L. */
  double unitRateConcentration(double s, double t, double at) {
    return a1 * (step(alpha, at - s) - step(alpha, at - s - t)) + a2 * (step(beta, at - s) - step(beta, at - s - t));
  }

  /** ∫ C over [from, to] of a 1 mg/min infusion over [s, s + T], mg·min/L. */
  double unitRateAuc(double s, double t, double from, double to) {
    return a1 * (cumulative(alpha, s, t, to) - cumulative(alpha, s, t, from))
        + a2 * (cumulative(beta, s, t, to) - cumulative(beta, s, t, from));
  }

  private static double cumulative(double lambda, double s, double t, double at) {
    return ramp(lambda, at - s) - ramp(lambda, at - s - t);
  }

  private static double step(double lambda, double x) {
    return x <= 0 ? 0.0 : -Math.expm1(-lambda * x) / lambda;
  }

  private static double ramp(double lambda, double x) {
    return x <= 0 ? 0.0 : (x + Math.expm1(-lambda * x) / lambda) / lambda;
  }
}
