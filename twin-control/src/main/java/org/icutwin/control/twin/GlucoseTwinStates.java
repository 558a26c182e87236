package org.icutwin.control.twin;

import org.icutwin.core.catalog.BergmanInsulinModel;

/**
 * The prior and process noise of a glucose twin's states (G, X, I, Qgut of the catalog's
 * {@code bergman-insulin} model), in one place for the twin and the closed-loop trials.
 *
 * <ul>
 *   <li>G: the admission's glucose (or Gb) with the given SD; process noise in mmol/L per √min.
 *   <li>X: no insulin action yet, SD 0.003 /min; process noise 1e-4 /min per √min.
 *   <li>I: basal insulin Ib, SD 10 mU/L; process noise 0.5 mU/L per √min.
 *   <li>Qgut: an empty gut, SD 10 mmol (a feed running before admission shows in the first
 *       readings); process noise 0.5 mmol per √min for absorption that varies (gastric emptying
 *       is slow and irregular in the critically ill).
 * </ul>
 */
public final class GlucoseTwinStates {
  private GlucoseTwinStates() {}

  /** Prior mean: glucose g0 (mmol/L), no insulin action, basal insulin, an empty gut. */
  public static double[] initialMean(double g0, double[] theta) {
    return new double[] {g0, 0, theta[BergmanInsulinModel.IB], 0};
  }

  /** Prior SD, with glucose known to within g0Sd (mmol/L). */
  public static double[] initialSd(double g0Sd) {
    return new double[] {g0Sd, 0.003, 10, 10};
  }

  /** Process noise per √min, with glucose's own glucoseSd (mmol/L per √min). */
  public static double[] processSd(double glucoseSd) {
    return new double[] {glucoseSd, 1e-4, 0.5, 0.5};
  }
}
