package org.icutwin.control.twin;

/**
 * What the twin's controller aims at, for displays: the target band of the controlled quantity and
 * the risk limit it keeps away from.
 *
 * @param output the controlled quantity, e.g. {@code glucose}, {@code map}, {@code auc24}
 * @param unit its UCUM unit
 * @param low lower edge of the target band
 * @param high upper edge of the target band
 * @param riskLimit the limit whose crossing the controller bounds in probability (glucose: the
 *     hypoglycaemia threshold; vancomycin: the nephrotoxic AUC24)
 * @param riskAbove whether the risk is being above {@code riskLimit} (else below)
 */
public record Target(String output, String unit, double low, double high, double riskLimit, boolean riskAbove) {
}
