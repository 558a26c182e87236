package org.icutwin.estimation.map;

/**
 * Numerical settings of a MAP fit.
 *
 * @param maxIterations Levenberg-Marquardt iterations allowed per weighting pass
 * @param etaStep central finite-difference step in η (log-parameter), dimensionless
 * @param maxWeightPasses outer passes re-evaluating the residual standard deviations at the
 *     current predictions (generalised least squares); 1 keeps them at the prior prediction
 * @param etaTolerance passes stop when no η moves more than this between passes
 * @param odeAbsTol absolute tolerance of Dormand-Prince for models without an exact propagator
 * @param odeRelTol relative tolerance of Dormand-Prince
 */
public record MapOptions(int maxIterations, double etaStep, int maxWeightPasses, double etaTolerance,
    double odeAbsTol, double odeRelTol) {

  public MapOptions {
    if (maxIterations < 1 || maxWeightPasses < 1) {
      throw new IllegalArgumentException("iterations and weighting passes must be >= 1");
    }
    if (!(etaStep > 0 && etaStep < 0.1)) {
      throw new IllegalArgumentException("finite-difference step in η must be in (0, 0.1), was " + etaStep);
    }
    if (!(etaTolerance > 0) || !(odeAbsTol > 0) || !(odeRelTol > 0)) {
      throw new IllegalArgumentException("tolerances must be > 0");
    }
  }

  /**
   * Defaults: 200 iterations, step 1e-4 in η (a 0.01% parameter change: truncation error of the
   * central difference about 1e-8 relative, round-off about 1e-12 with the exact propagator),
   * up to 30 weighting passes to 1e-5 in η (the passes contract by a factor of about 0.1-0.3
   * each on the vancomycin cohort, so 6-12 are typical), Dormand-Prince at 1e-10 absolute and
   * relative so that its error stays far below the differences the step produces.
   */
  public static MapOptions defaults() {
    return new MapOptions(200, 1e-4, 30, 1e-5, 1e-10, 1e-10);
  }
}
