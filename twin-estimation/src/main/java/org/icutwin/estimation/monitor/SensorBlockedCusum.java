package org.icutwin.estimation.monitor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.icutwin.estimation.filter.UpdateOutcome;

/**
 * Drift CUSUM that counts at most one piece of evidence per sensor per block of time, so a sensor
 * with autocorrelated error (a CGM read every 5 min) is not read as model drift.
 *
 * <p>The CUSUM ({@link Cusum}) assumes independent normalised innovations r = ν/√S. A CGM's error
 * is autocorrelated (AR(1), correlation time about 20 min: ρ ≈ 0.78 between 5-min readings), so
 * six readings in half an hour carry little more evidence than one, and a plain CUSUM alarms on a
 * 30-min sensor excursion as if it were a sustained model error. Here the innovations of each
 * sensor ({@code Observation.source}) are grouped into consecutive blocks of {@code blockMin}
 * minutes, starting at that sensor's first reading in the window; each block contributes its mean
 * z = (1/n)·Σ r_i, in time order of the block's last reading. Under full correlation z ~ N(0, 1);
 * under any weaker correlation Var(z) &lt; 1, so the in-control run length is at least the plain
 * CUSUM's (conservative against false alarms), while a model error that persists for hours still
 * adds about its size per block. Sensors sampled less often than {@code blockMin} (laboratory
 * glucose, 1-4 h) get one reading per block, exactly as in the plain CUSUM. The block length should
 * be at least the sensor's error correlation time (30 min for the CGM model of
 * docs/virtual-patients.md, τ = 20 min; Facchinetti 2014 report similar CGM error time constants).
 */
public final class SensorBlockedCusum {
  private SensorBlockedCusum() {}

  /**
   * The CUSUM over block means of applied observations' normalised innovations.
   *
   * @param outcomes applied updates of one measurement, in time order
   * @param blockMin block length per sensor, minutes (&gt; 0)
   */
  public static Cusum fold(List<UpdateOutcome> outcomes, double blockMin) {
    if (!(blockMin > 0) || Double.isInfinite(blockMin)) {
      throw new IllegalArgumentException("block length must be finite and > 0 min, was " + blockMin);
    }
    record Block(double endMin, double mean) {}
    var blocks = new ArrayList<Block>();
    Map<String, double[]> open = new LinkedHashMap<>(); // source -> {start, sum, n, last time}
    for (UpdateOutcome o : outcomes) {
      double t = o.observation().timeMin();
      double r = o.innovation() / Math.sqrt(o.innovationVariance());
      double[] b = open.get(o.observation().source());
      if (b != null && t - b[0] >= blockMin) {
        blocks.add(new Block(b[3], b[1] / b[2]));
        b = null;
      }
      if (b == null) {
        b = new double[] {t, 0, 0, t};
        open.put(o.observation().source(), b);
      }
      b[1] += r;
      b[2] += 1;
      b[3] = t;
    }
    // The newest, possibly partial, block of each sensor counts too: the monitor must react to the
    // most recent data, and a partial mean is still N(0, σ² ≤ 1) in control.
    open.values().forEach(b -> blocks.add(new Block(b[3], b[1] / b[2])));
    blocks.sort(Comparator.comparingDouble(Block::endMin));
    Cusum c = Cusum.standard();
    for (Block b : blocks) {
      c = c.add(b.mean());
    }
    return c;
  }
}
