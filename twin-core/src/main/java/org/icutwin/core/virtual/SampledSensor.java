package org.icutwin.core.virtual;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A discrete sample analysed by a lab, blood-gas analyser or point-of-care meter.
 *
 * <p>Reported y = c·(1 + ε_p) + ε_a with ε_a ~ N(0, sd²), ε_p ~ N(0, cv²) (combined residual
 * error; for vancomycin 3.4 mg/L + 22.7%, Goti 2018); a sample is missed with probability
 * {@code missProbability}; a gross error (contamination from an infusion line) multiplies the
 * value by U(1.5, 3) with probability {@code grossErrorProbability}; values below the limit of
 * quantification are reported as BELOW_LIMIT with the limit; values are never negative.
 */
public final class SampledSensor implements Sensor {

  /**
   * @param output patient output measured
   * @param sd additive error SD, in the output's unit
   * @param cv proportional error (coefficient of variation, fraction)
   * @param missProbability probability that a requested sample yields nothing
   * @param grossErrorProbability probability of a gross (contamination) error
   * @param limitOfQuantification values below it are reported as below the limit; empty if none
   */
  public record Config(String output, double sd, double cv, double missProbability, double grossErrorProbability,
      OptionalDouble limitOfQuantification) {
    public Config {
      requireFraction(missProbability, "missProbability");
      requireFraction(grossErrorProbability, "grossErrorProbability");
      if (!(sd >= 0) || !(cv >= 0)) {
        throw new IllegalArgumentException("noise sd and cv must be >= 0");
      }
    }

    /** Central lab or blood-gas glucose (mmol/L): about 4% CV (assumption within 3-5%), 5% of samples missed. */
    public static Config labGlucose() {
      return new Config("glucose", 0.05, 0.04, 0.05, 0.002, OptionalDouble.empty());
    }

    /**
     * Point-of-care glucose meter (mmol/L): about 7% CV, consistent with ISO 15197:2013 (95% within
     * ±0.83 mmol/L below 5.55 mmol/L, ±15% above); 1% contaminated samples (assumption).
     */
    public static Config pointOfCareGlucose() {
      return new Config("glucose", 0.1, 0.07, 0.05, 0.01, OptionalDouble.empty());
    }

    /** Vancomycin serum level (mg/L): 3.4 mg/L + 22.7% (Goti 2018), LOQ 2 mg/L (assumption). */
    public static Config vancomycinAssay() {
      return new Config("concentration", 3.4, 0.227, 0.02, 0.0, OptionalDouble.of(2.0));
    }
  }

  private final Config config;
  private final SplittableRandom rng;
  private double lastTime = Double.NEGATIVE_INFINITY;

  public SampledSensor(Config config, long seed) {
    this.config = config;
    this.rng = new SplittableRandom(seed);
  }

  @Override
  public String output() {
    return config.output();
  }

  @Override
  public Reading read(double tMin, double trueValue) {
    lastTime = requireForward(lastTime, tMin);
    // Draw every random number on every read so that the stream does not depend on the path taken.
    double uMiss = rng.nextDouble();
    double uGross = rng.nextDouble();
    double factor = 1.5 + 1.5 * rng.nextDouble();
    double ea = config.sd() * gaussian(rng);
    double ep = config.cv() * gaussian(rng);
    if (uMiss < config.missProbability()) {
      return Reading.missing(output(), tMin, trueValue, EnumSet.of(Artefact.MISSED));
    }
    Set<Artefact> flags = EnumSet.noneOf(Artefact.class);
    double c = trueValue;
    if (uGross < config.grossErrorProbability()) {
      c *= factor;
      flags.add(Artefact.GROSS_ERROR);
    }
    double y = Math.max(0.0, c * (1 + ep) + ea);
    OptionalDouble loq = config.limitOfQuantification();
    if (loq.isPresent() && y < loq.getAsDouble()) {
      return new Reading(output(), tMin, Reading.Status.BELOW_LIMIT, loq.getAsDouble(), trueValue, flags);
    }
    return Reading.value(output(), tMin, y, trueValue, flags);
  }

  /**
   * Irregular sampling times in [startMin, endMin]: gaps drawn uniformly in [minGapMin, maxGapMin]
   * (e.g. 60-240 min for ICU blood glucose measured every 1-4 h).
   */
  public static double[] irregularTimes(long seed, double startMin, double endMin, double minGapMin, double maxGapMin) {
    if (!(minGapMin > 0) || maxGapMin < minGapMin) {
      throw new IllegalArgumentException("need 0 < minGap <= maxGap, got " + minGapMin + ", " + maxGapMin);
    }
    var r = new SplittableRandom(seed);
    var times = new ArrayList<Double>();
    for (double t = startMin; t <= endMin; t += minGapMin + (maxGapMin - minGapMin) * r.nextDouble()) {
      times.add(t);
    }
    return times.stream().mapToDouble(Double::doubleValue).toArray();
  }

  static double gaussian(SplittableRandom r) {
    // Box-Muller; SplittableRandom has no nextGaussian on Java 17.
    double u1 = 1.0 - r.nextDouble();
    double u2 = r.nextDouble();
    return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
  }

  static double requireForward(double last, double t) {
    if (!Double.isFinite(t) || t < last) {
      throw new IllegalArgumentException("sensor reads must be in time order: " + t + " after " + last);
    }
    return t;
  }

  private static void requireFraction(double p, String name) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1], was " + p);
    }
  }
}
