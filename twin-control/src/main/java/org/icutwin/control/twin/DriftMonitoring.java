package org.icutwin.control.twin;

import org.icutwin.estimation.monitor.Cusum;
import org.icutwin.estimation.timeline.FilterTimeline;

/**
 * Which drift CUSUM a twin kind reads (docs/estimation.md, "Monitoring").
 *
 * <p>Glucose twins learn from CGM as well as laboratory glucose; a CGM's error is autocorrelated
 * (correlation time about 20 min), so its 5-min readings are counted as one piece of evidence per
 * sensor per {@value #GLUCOSE_BLOCK_MIN} min ({@link org.icutwin.estimation.monitor.SensorBlockedCusum}).
 * In the closed-loop CGM trial the plain CUSUM withheld 633 proposals, this one 167, with the
 * same lowest glucose (docs/control.md). Laboratory readings, hours apart, are unaffected.
 *
 * <p>Norepinephrine twins read MAP every minute from an arterial line. MAP wanders (minutes to
 * hours) in a way the twin follows only through its baseline MAP0, so consecutive innovations are
 * correlated and the per-reading CUSUM read the wander as drift: in the closed-loop trial it
 * withheld 249-437 of 8,640 proposals per 30 patients, nearly all of them reductions while MAP was
 * above the band. Blocks of {@value #MAP_BLOCK_MIN} min cut that to 22-31 (docs/control.md). Longer
 * blocks did no better in the trial and detect a real change later, since each block adds its mean
 * once: a 1 mm[Hg]/min fall is flagged after 42 min with 10-min blocks, 31 with 5-min blocks and 17
 * reading by reading ({@code DriftMonitoringTest}).
 * Vancomycin levels, hours apart, keep the plain CUSUM.
 */
public final class DriftMonitoring {
  /** Block length for glucose sensors, minutes: at least the CGM error's correlation time. */
  public static final double GLUCOSE_BLOCK_MIN = 30;
  /** Block length for minute-by-minute MAP, minutes: long enough to average the wander's minute-to-minute correlation. */
  public static final double MAP_BLOCK_MIN = 10;

  private DriftMonitoring() {}

  /** The drift CUSUM of {@code kind}'s controlled output over the timeline's drift window. */
  public static Cusum drift(FilterTimeline timeline, TwinKind kind) {
    return switch (kind) {
      case GLUCOSE_INSULIN -> timeline.drift(kind.output(), GLUCOSE_BLOCK_MIN);
      case NOREPINEPHRINE_MAP -> timeline.drift(kind.output(), MAP_BLOCK_MIN);
      case VANCOMYCIN -> timeline.drift(kind.output());
    };
  }
}
