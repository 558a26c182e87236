package org.icutwin.control.vancomycin;

/**
 * Predicted AUC over one 24-h window for a regimen, with its posterior uncertainty.
 *
 * <p>The point value is the AUC at the MAP (or, a priori, typical) parameters; the interval and
 * probabilities come from parameter samples drawn from the Laplace posterior of η (a priori: the
 * population prior), so they describe parameter uncertainty within the model, not model misfit.
 *
 * @param windowStartMin start of the window, minutes
 * @param auc24MgHPerL AUC over [start, start + 24 h] at the point estimate, mg·h/L
 * @param lower90 5th percentile over the samples, mg·h/L
 * @param upper90 95th percentile over the samples, mg·h/L
 * @param probabilityInBand fraction of samples with AUC24 in the target band (inclusive)
 * @param probabilityAboveToxic fraction of samples with AUC24 above the toxic threshold (700)
 * @param probabilityBelowBand fraction of samples with AUC24 below the band (under-exposure)
 */
public record AucForecast(double windowStartMin, double auc24MgHPerL, double lower90, double upper90,
    double probabilityInBand, double probabilityAboveToxic, double probabilityBelowBand) {}
