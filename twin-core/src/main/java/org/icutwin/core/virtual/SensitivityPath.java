package org.icutwin.core.virtual;

import java.util.List;

/**
 * A time-varying positive parameter: a typical value times a day-1 to day-2 trend, a slow
 * random wander and occasional swings.
 *
 * <pre>
 *   θ(t) = θ0 · (1 + a·min(t/T, 1)) · exp(w(t) + Σ swings(t)),   T = 36 h
 * </pre>
 * w is an Ornstein-Uhlenbeck path (SD σ, correlation time τ). With a ≈ 0.7 the day-2 mean
 * exceeds the day-1 mean by about a third, as Pretty 2012 (Ann Intensive Care 2:17) reported
 * for ICU insulin sensitivity.
 *
 * @param typical θ0 at t = 0, in the parameter's unit
 * @param trend a, fractional change reached at 36 h (> −1)
 * @param wanderSd σ of the log-scale wander
 * @param wanderCorrelationMin τ of the wander (min)
 * @param swings transient swings
 * @param seed seed of the wander
 */
public record SensitivityPath(double typical, double trend, double wanderSd, double wanderCorrelationMin,
    List<Swing> swings, long seed) {

  static final double TREND_MIN = 36 * 60;

  public SensitivityPath {
    if (!(typical > 0) || !(trend > -1)) {
      throw new IllegalArgumentException("need typical > 0 and trend > -1");
    }
    swings = List.copyOf(swings);
  }

  /** A fresh evaluator (it caches the lazily generated wander). */
  Evaluator evaluator() {
    return new Evaluator(this);
  }

  /** Evaluates θ(t); owned by one patient. */
  static final class Evaluator {
    private final SensitivityPath p;
    private final OuPath wander;

    private Evaluator(SensitivityPath p) {
      this.p = p;
      this.wander = new OuPath(p.wanderSd(), p.wanderCorrelationMin(), 30.0, p.seed());
    }

    double at(double tMin) {
      double log = wander.at(tMin);
      for (Swing s : p.swings()) {
        log += s.at(tMin);
      }
      return p.typical() * (1 + p.trend() * Math.min(tMin / TREND_MIN, 1.0)) * Math.exp(log);
    }
  }
}
