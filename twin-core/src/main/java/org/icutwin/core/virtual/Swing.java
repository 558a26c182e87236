package org.icutwin.core.virtual;

/**
 * A transient multiplicative swing of a parameter: ×exp(logAmplitude) reached after a smooth rise,
 * held, then smoothly released.
 *
 * <p>s(t) = A·r(t) with r rising 0 → 1 over [start, start + rise] by a raised cosine, 1 for
 * {@code holdMin}, falling 1 → 0 over {@code fallMin}. Used for the sudden 2-5× changes of insulin
 * sensitivity within 8-10 h seen in some ICU patients (Pretty 2012).
 *
 * @param startMin onset (min)
 * @param logAmplitude A, natural log of the peak factor (negative for a fall)
 * @param riseMin rise time (min)
 * @param holdMin plateau (min)
 * @param fallMin release time (min)
 */
public record Swing(double startMin, double logAmplitude, double riseMin, double holdMin, double fallMin) {

  public Swing {
    if (!(riseMin > 0) || !(holdMin >= 0) || !(fallMin > 0) || !Double.isFinite(logAmplitude)) {
      throw new IllegalArgumentException("swing needs rise > 0, hold >= 0, fall > 0, finite amplitude");
    }
  }

  /** The log-scale contribution at t (min). */
  public double at(double tMin) {
    double s = tMin - startMin;
    if (s <= 0) {
      return 0.0;
    }
    if (s < riseMin) {
      return logAmplitude * 0.5 * (1 - Math.cos(Math.PI * s / riseMin));
    }
    s -= riseMin;
    if (s < holdMin) {
      return logAmplitude;
    }
    s -= holdMin;
    if (s < fallMin) {
      return logAmplitude * 0.5 * (1 + Math.cos(Math.PI * s / fallMin));
    }
    return 0.0;
  }
}
