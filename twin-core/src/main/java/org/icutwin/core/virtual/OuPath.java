package org.icutwin.core.virtual;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A seeded Ornstein-Uhlenbeck path, mean 0, sampled on a knot grid and linearly interpolated.
 *
 * <p>w(t_{k+1}) = φ·w(t_k) + σ·√(1 − φ²)·N(0,1), φ = exp(−Δ/τ), w(0) ~ N(0, σ²): stationary SD
 * σ, correlation time τ (min). Knots are generated lazily in order from the seed, so the path
 * is the same whatever times are queried. Continuous in t, so it can enter an ODE's right-hand side.
 */
final class OuPath {
  private final double sd;
  private final double phi;
  private final double knotMin;
  private final SplittableRandom rng;
  private double[] knots = new double[64];
  private int size;

  OuPath(double sd, double correlationMin, double knotMin, long seed) {
    if (!(sd >= 0) || !(correlationMin > 0) || !(knotMin > 0)) {
      throw new IllegalArgumentException("OU path needs sd >= 0, correlation time > 0 and knot spacing > 0");
    }
    this.sd = sd;
    this.phi = Math.exp(-knotMin / correlationMin);
    this.knotMin = knotMin;
    this.rng = new SplittableRandom(seed);
    knots[0] = sd * SampledSensor.gaussian(rng);
    size = 1;
  }

  /** w(t) for t ≥ 0 (min). */
  double at(double tMin) {
    if (!(tMin >= 0)) {
      throw new IllegalArgumentException("path time must be >= 0, was " + tMin);
    }
    int k = (int) Math.floor(tMin / knotMin);
    while (size <= k + 1) {
      if (size == knots.length) {
        knots = Arrays.copyOf(knots, 2 * size);
      }
      knots[size] = phi * knots[size - 1] + sd * Math.sqrt(1 - phi * phi) * SampledSensor.gaussian(rng);
      size++;
    }
    double f = tMin / knotMin - k;
    return knots[k] + f * (knots[k + 1] - knots[k]);
  }
}
