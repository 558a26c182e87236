package org.icutwin.control.mpc;

/**
 * Settings of the model-predictive controller for one continuous infusion, in the model's units.
 *
 * @param rateChannel the model rate input the controller sets, e.g. {@code insulin_iv} (mU/min)
 * @param output the model output it controls, e.g. {@code glucose} (mmol/L)
 * @param bandLow lower end of the target band (soft: violations cost slack)
 * @param bandHigh upper end of the target band
 * @param target set point inside the band that the tracking term pulls to
 * @param riskThreshold the risk limit: P(output below it) is bounded, e.g. glucose 4.0 mmol/L
 * @param riskZ one-sided normal quantile of that bound: 1.645 for P ≤ 5%
 * @param riskAbove true to bound P(output above the threshold) instead (e.g. no overshoot)
 * @param blockLengthsMin move blocking: the plan holds each rate for these many minutes
 * @param gridMin spacing of the predicted outputs the objective sees
 * @param minRate lowest allowed rate (hard)
 * @param maxRate highest allowed rate (hard)
 * @param maxChangePerMove largest change between consecutive moves (and from the current rate)
 * @param moveWeight cost of a change of maxRate between moves, relative to 1 (output unit)² of tracking error
 * @param maxIterations Gauss-Newton iterations (real-time iteration: 1 is enough when warm-started)
 * @param stopWhenFirstMoveSettles also stop iterating once an iteration leaves the first move
 *     unchanged (within 0.1% of the maximum rate): only the first move is given, and the rest of
 *     the plan is improved again from the next decision's warm start. Chosen per drug on the
 *     closed-loop trials (docs/control.md): insulin yes, norepinephrine no
 * @param timeLimitMillis budget of the solving thread's CPU time (wall-clock where the JVM cannot
 *     measure it); past it the best plan so far is returned, flagged
 * @param suspendOnRisk when the drug drives the output towards the risk threshold (insulin and
 *     hypoglycaemia): if the risk bound is breached within the first move under the plan, propose
 *     the minimum rate at once (a low-glucose suspend), exempt from the change limit because it
 *     only reduces the drug
 * @param outputRisesWithRate whether more drug raises the output (norepinephrine and MAP) or lowers
 *     it (insulin and glucose); the recommendation's reason codes say which way the twin expects
 *     the output to go without the change. A test checks each shipped configuration against its
 *     model's predicted response.
 */
public record MpcConfig(String rateChannel, String output, double bandLow, double bandHigh, double target,
    double riskThreshold, double riskZ, boolean riskAbove, double[] blockLengthsMin, double gridMin, double minRate,
    double maxRate, double maxChangePerMove, double moveWeight, int maxIterations, boolean stopWhenFirstMoveSettles,
    long timeLimitMillis,
    boolean suspendOnRisk, boolean outputRisesWithRate) {

  public MpcConfig {
    if (!(bandLow < bandHigh) || !(target >= bandLow && target <= bandHigh)) {
      throw new IllegalArgumentException("target must lie inside the band [" + bandLow + ", " + bandHigh + "]");
    }
    if (!(minRate >= 0) || !(maxRate > minRate) || !(maxChangePerMove > 0)) {
      throw new IllegalArgumentException("rates need 0 <= min < max and a positive max change");
    }
    if (blockLengthsMin.length == 0 || !(gridMin > 0)) {
      throw new IllegalArgumentException("need at least one move block and a positive grid");
    }
    for (double b : blockLengthsMin) {
      if (!(b > 0)) {
        throw new IllegalArgumentException("move blocks must be positive");
      }
    }
    if (maxIterations < 1 || timeLimitMillis < 1) {
      throw new IllegalArgumentException("need at least one iteration and a positive time limit");
    }
    blockLengthsMin = blockLengthsMin.clone();
  }

  @Override
  public double[] blockLengthsMin() {
    return blockLengthsMin.clone();
  }

  public int moves() {
    return blockLengthsMin.length;
  }

  public double horizonMin() {
    double h = 0;
    for (double b : blockLengthsMin) {
      h += b;
    }
    return h;
  }

  /**
   * ICU glucose control with IV insulin (mU/min): band 4.4-8.0 mmol/L (STAR), target 6.5,
   * P(glucose < 4.0) ≤ 5%, moves of 1, 1, 2 and 2 h (a 6-h horizon), 0-20 U/h, at most 4 U/h change
   * per move, low-glucose suspend, up to 3 Gauss-Newton iterations, stopping once the first move
   * settles. The library's own limits are applied again by the safety envelope.
   */
  public static MpcConfig insulin() {
    return new MpcConfig("insulin_iv", "glucose", 4.4, 8.0, 6.5, 4.0, 1.645, false,
        new double[] {60, 60, 120, 120}, 15, 0, 20 * 1000.0 / 60, 4 * 1000.0 / 60, 2.0, 3, true, 500, true, false);
  }

  /** These settings with other limits on the solve: iterations, stopping when the first move settles, CPU time. */
  public MpcConfig withSolveLimits(int newMaxIterations, boolean newStopWhenFirstMoveSettles, long newTimeLimitMillis) {
    return new MpcConfig(rateChannel, output, bandLow, bandHigh, target, riskThreshold, riskZ, riskAbove,
        blockLengthsMin, gridMin, minRate, maxRate, maxChangePerMove, moveWeight, newMaxIterations,
        newStopWhenFirstMoveSettles, newTimeLimitMillis, suspendOnRisk, outputRisesWithRate);
  }

  /** These settings with another move blocking and output grid (e.g. 24 moves of 5 min). */
  public MpcConfig withMoves(double[] newBlockLengthsMin, double newGridMin) {
    return new MpcConfig(rateChannel, output, bandLow, bandHigh, target, riskThreshold, riskZ, riskAbove,
        newBlockLengthsMin, newGridMin, minRate, maxRate, maxChangePerMove, moveWeight, maxIterations, stopWhenFirstMoveSettles,
        timeLimitMillis,
        suspendOnRisk, outputRisesWithRate);
  }
}
