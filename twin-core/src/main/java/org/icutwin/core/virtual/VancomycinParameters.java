package org.icutwin.core.virtual;

/**
 * Individual parameters of the three-compartment vancomycin truth. Units: mg, L, min.
 *
 * @param clLPerMin clearance at the baseline creatinine clearance, L/min
 * @param renalExponent CL ∝ CrCL^exponent (Goti 2018: 0.8)
 * @param v1L central volume, L
 * @param q2LPerMin shallow inter-compartmental clearance, L/min
 * @param v2L shallow peripheral volume, L
 * @param q3LPerMin deep inter-compartmental clearance, L/min (assumption: absent in Goti 2018)
 * @param v3L deep peripheral volume, L
 * @param renal creatinine clearance over the stay
 */
public record VancomycinParameters(double clLPerMin, double renalExponent, double v1L, double q2LPerMin, double v2L,
    double q3LPerMin, double v3L, RenalTrajectory renal) {

  public VancomycinParameters {
    double[] positive = {clLPerMin, v1L, q2LPerMin, v2L, q3LPerMin, v3L};
    for (double v : positive) {
      if (!(v > 0) || Double.isInfinite(v)) {
        throw new IllegalArgumentException("vancomycin parameters must be finite and > 0: " + v);
      }
    }
    if (!(renalExponent >= 0)) {
      throw new IllegalArgumentException("renal exponent must be >= 0");
    }
  }
}
