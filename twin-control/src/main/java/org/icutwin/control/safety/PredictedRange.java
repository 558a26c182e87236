package org.icutwin.control.safety;

import java.util.Objects;

/**
 * The lowest and highest value of the controlled output the twin predicts over the horizon under the proposal.
 *
 * <p>Raw doubles so that a NaN or an absurd value (glucose -400 mg/dL) reaches the envelope.
 *
 * @param min lowest predicted value in {@code unit}
 * @param max highest predicted value in {@code unit}
 * @param unit UCUM unit of both, e.g. "mmol/L", "mg/dL", "mm[Hg]"
 */
public record PredictedRange(double min, double max, String unit) {
  public PredictedRange {
    Objects.requireNonNull(unit, "unit");
  }
}
