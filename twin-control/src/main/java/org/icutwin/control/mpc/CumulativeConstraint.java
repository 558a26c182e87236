package org.icutwin.control.mpc;

/**
 * A linear limit on how much drug a plan delivers: Σ_k u_k·minutesPerMove_k ≤ bound.
 *
 * <p>Used for the rolling 24-h cap beyond the horizon: the amount a window ending after the
 * horizon holds is what the history leaves in it, plus the moves inside it, plus the plan's last
 * rate continued to the window's end (docs/control.md).
 *
 * @param minutesPerMove for each move, the minutes of it counted (≥ 0; the last move may include its continuation)
 * @param bound the most drug allowed, rate unit × min
 */
public record CumulativeConstraint(double[] minutesPerMove, double bound) {
  public CumulativeConstraint {
    minutesPerMove = minutesPerMove.clone();
    for (double w : minutesPerMove) {
      if (!(w >= 0) || Double.isInfinite(w)) {
        throw new IllegalArgumentException("minutes per move must be finite and >= 0, was " + w);
      }
    }
    if (Double.isNaN(bound)) {
      throw new IllegalArgumentException("bound must not be NaN");
    }
  }

  @Override
  public double[] minutesPerMove() {
    return minutesPerMove.clone();
  }

  /** The amount a plan delivers under this constraint's weights. */
  public double amount(double[] plan) {
    double s = 0;
    for (int k = 0; k < plan.length; k++) {
      s += plan[k] * minutesPerMove[k];
    }
    return s;
  }

  /** The same weights with another bound. */
  public CumulativeConstraint withBound(double newBound) {
    return new CumulativeConstraint(minutesPerMove, newBound);
  }
}
