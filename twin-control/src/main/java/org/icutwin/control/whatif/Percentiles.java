package org.icutwin.control.whatif;

import java.util.Arrays;

/** Empirical percentiles by linear interpolation between order statistics (Hyndman-Fan type 7). */
final class Percentiles {
  private Percentiles() {}

  /** The p-th percentile (0-100) of {@code values}. */
  static double of(double[] values, double p) {
    double[] s = values.clone();
    Arrays.sort(s);
    return sorted(s, p);
  }

  static double sorted(double[] s, double p) {
    double h = (s.length - 1) * p / 100.0;
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, s.length - 1);
    return s[lo] + (h - lo) * (s[hi] - s[lo]);
  }
}
