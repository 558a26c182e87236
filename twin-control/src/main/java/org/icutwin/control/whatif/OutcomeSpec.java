package org.icutwin.control.whatif;

/**
 * Which summary outcomes to report, in the output's model unit (e.g. glucose in mmol/L).
 *
 * @param bandLow lower end of the target band
 * @param bandHigh upper end of the target band (>= bandLow)
 * @param lowThreshold a draw counts as "below" when its output drops under this at any requested time
 */
public record OutcomeSpec(double bandLow, double bandHigh, double lowThreshold) {
  public OutcomeSpec {
    if (!Double.isFinite(bandLow) || !Double.isFinite(bandHigh) || bandLow > bandHigh || !Double.isFinite(lowThreshold)) {
      throw new IllegalArgumentException("target band [" + bandLow + ", " + bandHigh + "] and threshold " + lowThreshold
          + " must be finite with low <= high");
    }
  }
}
