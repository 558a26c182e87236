package org.icutwin.control.twin;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** What-if questions and answers: alternative regimens and their predicted outcomes side by side. */
public final class WhatIf {

  private WhatIf() {
  }

  /** One rate from {@code start} on, in the drug library's rate unit. */
  public record Step(Instant start, double rate) {
    public Step {
      Objects.requireNonNull(start, "start");
      if (!Double.isFinite(rate) || rate < 0) {
        throw new IllegalArgumentException("rate must be finite and >= 0, was " + rate);
      }
    }
  }

  /** A named regimen: rate changes from now on (none: continue as now). */
  public record Regimen(String name, List<Step> steps) {
    public Regimen {
      Objects.requireNonNull(name, "name");
      steps = List.copyOf(steps);
    }
  }

  /**
   * The predicted outcome of one regimen, on the same posterior draws as the others.
   *
   * @param name the regimen
   * @param band median and 5th-95th percentile of the controlled quantity over time
   * @param fractionInBand expected fraction of time in the target band
   * @param probabilityBelowThreshold probability of going below the low threshold
   */
  public record Outcome(String name, List<PredictionPoint> band, double fractionInBand,
      double probabilityBelowThreshold) {
    public Outcome {
      band = List.copyOf(band);
    }
  }
}
