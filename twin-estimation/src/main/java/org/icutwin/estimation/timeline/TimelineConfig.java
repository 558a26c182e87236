package org.icutwin.estimation.timeline;

import java.util.Map;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;

/**
 * How a timeline treats late data and outliers.
 *
 * @param lateWindowMin observations and doses up to this many minutes older than the newest item are
 *     applied in time order by rewinding to a checkpoint; older ones are rejected with a reason
 * @param gateProbability an observation whose NIS exceeds the χ²(1) quantile of this probability is
 *     rejected as an outlier (0.999 → 10.83); 1.0 disables the gate
 * @param rules plausibility rules per measurement name
 * @param driftWindowMin the drift CUSUM runs over the innovations of this many recent minutes, so an
 *     alarm clears once the twin has re-adapted (or the cause was fixed) instead of lasting the stay
 */
public record TimelineConfig(double lateWindowMin, double gateProbability, Map<String, QualityRule> rules,
    double driftWindowMin) {

  public TimelineConfig {
    if (!(lateWindowMin >= 0) || Double.isInfinite(lateWindowMin)) {
      throw new IllegalArgumentException("late window must be finite and >= 0 min");
    }
    if (!(gateProbability > 0 && gateProbability <= 1)) {
      throw new IllegalArgumentException("gate probability must be in (0, 1]");
    }
    rules = Map.copyOf(rules);
    if (!(driftWindowMin > 0)) {
      throw new IllegalArgumentException("drift window must be > 0 min");
    }
  }

  /** 30-minute late window, 0.999 gate, default quality rules, 6-hour drift window. */
  public static TimelineConfig defaults() {
    return new TimelineConfig(30, 0.999, QualityRule.defaults(), 360);
  }

  /** The NIS threshold of the gate. */
  public double nisGate() {
    return gateProbability >= 1 ? Double.POSITIVE_INFINITY
        : new ChiSquaredDistribution(null, 1).inverseCumulativeProbability(gateProbability);
  }
}
