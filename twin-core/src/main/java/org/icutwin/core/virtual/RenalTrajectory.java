package org.icutwin.core.virtual;

/**
 * Creatinine clearance over the stay: a smooth change from a baseline to a new level, times a slow wander.
 *
 * <p>CrCL(t) = CrCL0·(1 + (ratio − 1)·h((t − start)/duration))·exp(w(t)), h the smoothstep
 * 3s² − 2s³ on [0, 1], w an Ornstein-Uhlenbeck path (SD σ, correlation τ). ratio > 1: recovering
 * kidney injury; ratio < 1: worsening. mL/min and min.
 *
 * @param baselineMlPerMin CrCL0, mL/min
 * @param ratio final/initial level (> 0)
 * @param startMin start of the change, min
 * @param durationMin length of the change, min
 * @param wanderSd σ of the log-scale wander
 * @param wanderCorrelationMin τ of the wander, min
 * @param seed seed of the wander
 */
public record RenalTrajectory(double baselineMlPerMin, double ratio, double startMin, double durationMin,
    double wanderSd, double wanderCorrelationMin, long seed) {

  public RenalTrajectory {
    if (!(baselineMlPerMin > 0) || !(ratio > 0) || !(durationMin > 0) || !(wanderSd >= 0)) {
      throw new IllegalArgumentException("need CrCL0 > 0, ratio > 0, duration > 0, wander sd >= 0");
    }
  }

  /** A constant creatinine clearance. */
  public static RenalTrajectory stable(double mlPerMin) {
    return new RenalTrajectory(mlPerMin, 1.0, 0.0, 1.0, 0.0, 1.0, 0L);
  }

  /** The deterministic part CrCL0·(1 + (ratio − 1)·h), mL/min. */
  double trend(double tMin) {
    double s = Math.min(Math.max((tMin - startMin) / durationMin, 0.0), 1.0);
    return baselineMlPerMin * (1 + (ratio - 1) * s * s * (3 - 2 * s));
  }
}
