package org.icutwin.core.virtual;

import java.util.EnumSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A continuous glucose monitor: interstitial lag, calibration drift, correlated noise and artefacts.
 *
 * <pre>
 *   dIG/dt = (G − IG)/τ                                interstitial glucose, τ about 5-10 min
 *   y      = IG·exp(b(t))·(1 + e_k) + d(t)             b, d: random-walk calibration drift
 *   e_k    = φ·e_{k−1} + √(1 − φ²)·cv·N(0,1), φ = exp(−Δ/τ_e)   (AR(1) noise)
 * </pre>
 * Artefacts, each a Poisson process (rates per hour while inactive): dropouts (no value),
 * compression false lows (y·U(0.4, 0.75)), stuck values (the last reported value repeats).
 * Reported range 2.2-22.2 mmol/L (40-400 mg/dL); outside it the limit is reported.
 * Units mmol/L and minutes. Values are assumptions in the range of published CGM error models
 * (Facchinetti 2014, IEEE Trans Biomed Eng 61:620): see docs/virtual-patients.md.
 */
public final class CgmSensor implements Sensor {

  /**
   * @param lagMin interstitial time constant τ (min)
   * @param noiseCv SD of the proportional noise e (fraction)
   * @param noiseCorrelationMin τ_e of the AR(1) noise (min)
   * @param gainDriftPerSqrtDay SD of the log-gain random walk per √day
   * @param offsetDriftPerSqrtDay SD of the offset random walk per √day (mmol/L)
   * @param dropoutsPerHour onset rate of dropouts
   * @param compressionsPerHour onset rate of compression lows
   * @param stuckPerHour onset rate of flat-line episodes
   */
  public record Config(double lagMin, double noiseCv, double noiseCorrelationMin, double gainDriftPerSqrtDay,
      double offsetDriftPerSqrtDay, double dropoutsPerHour, double compressionsPerHour, double stuckPerHour) {

    /** An ICU CGM read every 5 min: about 10% total error (assumption, see docs). */
    public static Config typical() {
      return new Config(7.0, 0.08, 20.0, 0.06, 0.15, 1.0 / 24, 0.5 / 24, 0.3 / 24);
    }
  }

  static final double LOW_LIMIT = 2.2;
  static final double HIGH_LIMIT = 22.2;

  private final Config config;
  private final SplittableRandom rng;
  private final Episodes dropouts;
  private final Episodes compressions;
  private final Episodes stuck;
  private double lastTime = Double.NaN;
  private double interstitial;
  private double logGain;
  private double offset;
  private double noise;
  private double compressionFactor = 1.0;
  private double lastReported = Double.NaN;

  public CgmSensor(Config config, long seed) {
    this.config = config;
    this.rng = new SplittableRandom(seed);
    this.dropouts = new Episodes(config.dropoutsPerHour(), 15, 90);
    this.compressions = new Episodes(config.compressionsPerHour(), 20, 60);
    this.stuck = new Episodes(config.stuckPerHour(), 30, 120);
    this.logGain = 0.05 * SampledSensor.gaussian(rng); // initial calibration error, assumption
  }

  @Override
  public String output() {
    return "glucose";
  }

  @Override
  public Reading read(double tMin, double trueValue) {
    boolean first = Double.isNaN(lastTime);
    double dt = first ? 0.0 : SampledSensor.requireForward(lastTime, tMin) - lastTime;
    lastTime = tMin;
    double days = dt / 1440.0;
    if (first) {
      interstitial = trueValue;
      noise = config.noiseCv() * SampledSensor.gaussian(rng);
    } else {
      interstitial += -Math.expm1(-dt / config.lagMin()) * (trueValue - interstitial);
      double phi = Math.exp(-dt / config.noiseCorrelationMin());
      noise = phi * noise + Math.sqrt(1 - phi * phi) * config.noiseCv() * SampledSensor.gaussian(rng);
    }
    logGain += config.gainDriftPerSqrtDay() * Math.sqrt(days) * SampledSensor.gaussian(rng);
    offset += config.offsetDriftPerSqrtDay() * Math.sqrt(days) * SampledSensor.gaussian(rng);
    double depth = 0.4 + 0.35 * rng.nextDouble();
    boolean drop = dropouts.activeAt(tMin, dt, rng);
    boolean comp = compressions.activeAt(tMin, dt, rng);
    boolean flat = stuck.activeAt(tMin, dt, rng);
    if (comp && compressions.startedAt() == tMin) {
      compressionFactor = depth;
    }
    if (drop || (flat && Double.isNaN(lastReported))) {
      return Reading.missing(output(), tMin, trueValue, EnumSet.of(Artefact.DROPOUT));
    }
    if (flat) {
      return report(tMin, lastReported, trueValue, EnumSet.of(Artefact.STUCK));
    }
    double y = interstitial * Math.exp(logGain) * (1 + noise) + offset;
    Set<Artefact> flags = EnumSet.noneOf(Artefact.class);
    if (comp) {
      y *= compressionFactor;
      flags.add(Artefact.COMPRESSION_LOW);
    }
    return report(tMin, y, trueValue, flags);
  }

  private Reading report(double t, double y, double truth, Set<Artefact> flags) {
    lastReported = y;
    if (y < LOW_LIMIT) {
      return new Reading(output(), t, Reading.Status.BELOW_LIMIT, LOW_LIMIT, truth, flags);
    }
    if (y > HIGH_LIMIT) {
      return new Reading(output(), t, Reading.Status.ABOVE_LIMIT, HIGH_LIMIT, truth, flags);
    }
    return Reading.value(output(), t, y, truth, flags);
  }
}
