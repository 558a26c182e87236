package org.icutwin.control.trial;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Per-patient breakdown of the glucose trial's time out of band, run on demand:
 * {@code -Dtrial.diag=true -Dtrial.seed=42 -Dtrial.cgm=false} ({@code -Dtrial.structure=hovorka} for the
 * Hovorka cohort). With {@code -Dtrial.trace=I -Dtrial.n=I+1} patient I's hourly course is printed,
 * and with {@code -Dtrial.traceFromH=62 -Dtrial.traceToH=66} every 5 min and every decision (its
 * reasons and safety findings) in that window. Prints; asserts nothing.
 */
@EnabledIfSystemProperty(named = "trial.diag", matches = "true")
public class GlucoseTrialDiagnostics {

  @Test
  void breakdown() {
    print(Long.getLong("trial.seed", 42), Boolean.getBoolean("trial.cgm"), Integer.getInteger("trial.n", 30));
  }

  /** Runs from twin-control's directory: {@code java -cp ... GlucoseTrialDiagnostics SEED CGM [N]}. */
  public static void main(String[] args) {
    print(Long.parseLong(args[0]), Boolean.parseBoolean(args[1]), args.length > 2 ? Integer.parseInt(args[2]) : 30);
  }

  static void print(long seed, boolean cgm, int n) {
    var s = "hovorka".equals(System.getProperty("trial.structure")) ? GlucoseClosedLoopTrial.runHovorka(n, seed, cgm)
        : GlucoseClosedLoopTrial.run(n, seed, cgm);
    System.out.println("DIAG seed " + seed + (cgm ? " CGM " : " BG ") + s);
    System.out.println("DIAG  # inBand  above  below  <4.0   min  early  feed  withh   cap  meas  wh  dec drift whDrift U/d  dxCh dxMax");
    double[] sum = new double[6];
    int i = 0;
    for (var o : s.patients()) {
      var b = o.breakdown();
      System.out.println(String.format(Locale.ROOT,
          "DIAG %2d %6.1f %6.1f %6.1f %5.2f %5.2f %6.1f %5.1f %6.1f %5.1f %5d %3d %4d %5d %7d %4.0f %5d %5.1f", i++,
          100 * o.timeInBand(), 100 * b.above(), 100 * b.below(), 100 * o.timeBelow4(), o.minimum(), 100 * b.outFirst12h(),
          100 * b.outAfterFeedChange(), 100 * b.outWhileWithheld(), 100 * b.outCapReached(), o.measurements(), o.withheld(),
          b.decisions(), b.driftDecisions(), b.withheldDrift(), o.insulinUnitsPerDay(), o.dextroseInfusionChanges(), o.maxDextroseGPerH()));
      sum[0] += b.above();
      sum[1] += b.below();
      sum[2] += b.outFirst12h();
      sum[3] += b.outAfterFeedChange();
      sum[4] += b.outWhileWithheld();
      sum[5] += b.outCapReached();
    }
    int m = s.patients().size();
    System.out.println(String.format(Locale.ROOT,
        "DIAG mean out: above %.1f%%, below %.1f%%, first 12 h %.1f%%, within 4 h of a feed change %.1f%%, while withheld %.1f%%, at cap %.1f%%",
        100 * sum[0] / m, 100 * sum[1] / m, 100 * sum[2] / m, 100 * sum[3] / m, 100 * sum[4] / m, 100 * sum[5] / m));
  }
}
