package org.icutwin.core.simulation;

/** The interval check every propagator shares: time only runs forward. */
final class Intervals {
  private Intervals() {}

  /** Throws unless t1 ≥ t0 (NaN fails too). */
  static void requireForward(double t0, double t1) {
    if (!(t1 >= t0)) {
      throw new IllegalArgumentException("cannot integrate backwards from " + t0 + " to " + t1);
    }
  }
}
