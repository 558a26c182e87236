package org.icutwin.core.virtual;

import java.util.EnumSet;
import java.util.SplittableRandom;

/**
 * Mean arterial pressure from an invasive arterial line, read about once a minute.
 *
 * <p>y = MAP + ε, ε ~ N(0, sd²) (sd about 2-4 mm[Hg]). Artefacts, each a Poisson process (rates
 * per hour while inactive): fast flush or blood draw (y ~ U(250, 300) mm[Hg], the pressure bag
 * pressure, for 1-2 min), zeroing (y ≈ |N(0, 1)| mm[Hg] for 1-2 min) and signal gaps (no value,
 * 2-10 min). Rates are assumptions (see docs/virtual-patients.md).
 */
public final class ArterialLineSensor implements Sensor {

  /**
   * @param noiseSd SD of the measurement noise (mm[Hg])
   * @param flushesPerHour onset rate of flush/blood-draw artefacts
   * @param zeroingsPerHour onset rate of zeroing artefacts
   * @param gapsPerHour onset rate of signal gaps
   */
  public record Config(double noiseSd, double flushesPerHour, double zeroingsPerHour, double gapsPerHour) {
    public Config {
      if (!(noiseSd >= 0)) {
        throw new IllegalArgumentException("noise sd must be >= 0, was " + noiseSd);
      }
    }

    /** 3 mm[Hg] noise, a flush every 4 h, zeroing every 12 h, a gap every 10 h (assumptions). */
    public static Config typical() {
      return new Config(3.0, 0.25, 1.0 / 12, 0.1);
    }
  }

  private final Config config;
  private final SplittableRandom rng;
  private final Episodes flushes;
  private final Episodes zeroings;
  private final Episodes gaps;
  private double lastTime = Double.NaN;
  private double flushLevel;

  public ArterialLineSensor(Config config, long seed) {
    this.config = config;
    this.rng = new SplittableRandom(seed);
    this.flushes = new Episodes(config.flushesPerHour(), 1, 2);
    this.zeroings = new Episodes(config.zeroingsPerHour(), 1, 2);
    this.gaps = new Episodes(config.gapsPerHour(), 2, 10);
  }

  @Override
  public String output() {
    return "map";
  }

  @Override
  public Reading read(double tMin, double trueValue) {
    double dt = Double.isNaN(lastTime) ? 1.0 : SampledSensor.requireForward(lastTime, tMin) - lastTime;
    lastTime = tMin;
    double e = config.noiseSd() * SampledSensor.gaussian(rng);
    double level = 250 + 50 * rng.nextDouble();
    boolean gap = gaps.activeAt(tMin, dt, rng);
    boolean flush = flushes.activeAt(tMin, dt, rng);
    boolean zero = zeroings.activeAt(tMin, dt, rng);
    if (gap) {
      return Reading.missing(output(), tMin, trueValue, EnumSet.of(Artefact.GAP));
    }
    if (flush) {
      if (flushes.startedAt() == tMin) {
        flushLevel = level;
      }
      return Reading.value(output(), tMin, flushLevel + e / 3, trueValue, EnumSet.of(Artefact.FLUSH));
    }
    if (zero) {
      return Reading.value(output(), tMin, Math.abs(e / 3), trueValue, EnumSet.of(Artefact.ZEROING));
    }
    return Reading.value(output(), tMin, Math.max(0.0, trueValue + e), trueValue, EnumSet.noneOf(Artefact.class));
  }
}
