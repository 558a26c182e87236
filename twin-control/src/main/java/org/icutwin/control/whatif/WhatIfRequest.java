package org.icutwin.control.whatif;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * What to compare and how: the regimens, the output, the times, the outcomes and the sampling.
 *
 * @param ratesNow model rates running at the posterior's time (each rate channel, model units); they
 *     continue under every alternative until its plan changes them
 * @param alternatives regimens to compare (unique names)
 * @param output model output to report, e.g. "glucose"
 * @param timesMin sorted report times, at or after the posterior's time; also the grid of the summaries
 * @param outcomes target band and low threshold
 * @param samples number of posterior draws shared by all alternatives (e.g. 200)
 * @param seed seed of the draws: same seed, same numbers
 */
public record WhatIfRequest(double[] ratesNow, List<Alternative> alternatives, String output, double[] timesMin,
    OutcomeSpec outcomes, int samples, long seed) {

  public WhatIfRequest {
    ratesNow = ratesNow.clone();
    alternatives = List.copyOf(alternatives);
    Objects.requireNonNull(output, "output");
    timesMin = timesMin.clone();
    Objects.requireNonNull(outcomes, "outcomes");
    if (alternatives.isEmpty()) {
      throw new IllegalArgumentException("no alternatives to simulate");
    }
    var names = new HashSet<String>();
    for (Alternative a : alternatives) {
      if (!names.add(a.name())) {
        throw new IllegalArgumentException("two alternatives are named '" + a.name() + "'");
      }
    }
    if (timesMin.length == 0) {
      throw new IllegalArgumentException("no report times");
    }
    for (int k = 0; k < timesMin.length; k++) {
      if (!Double.isFinite(timesMin[k]) || (k > 0 && timesMin[k] <= timesMin[k - 1])) {
        throw new IllegalArgumentException("report times must be finite and strictly increasing");
      }
    }
    if (samples < 1) {
      throw new IllegalArgumentException("need at least one sample, got " + samples);
    }
  }

  @Override
  public double[] ratesNow() {
    return ratesNow.clone();
  }

  @Override
  public double[] timesMin() {
    return timesMin.clone();
  }
}
