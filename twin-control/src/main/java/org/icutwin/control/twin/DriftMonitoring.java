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
 * same lowest glucose (docs/control.md). Laboratory readings, hours apart, are unaffected. Other
 * kinds keep the plain per-reading CUSUM.
 */
final class DriftMonitoring {
  /** Block length for glucose sensors, minutes: at least the CGM error's correlation time. */
  static final double GLUCOSE_BLOCK_MIN = 30;

  private DriftMonitoring() {}

  static Cusum drift(FilterTimeline timeline, TwinKind kind) {
    return kind == TwinKind.GLUCOSE_INSULIN ? timeline.drift(kind.output(), GLUCOSE_BLOCK_MIN)
        : timeline.drift(kind.output());
  }
}
