package org.icutwin.control.vancomycin;

/**
 * One intermittent vancomycin infusion: {@code amountMg} run at a constant rate over
 * {@code durationMin} from {@code startMin}.
 *
 * <p>Rate = amount/duration, reported in mg/h because that is how the drug library caps it
 * (1000 mg/h for vancomycin, to limit infusion reactions).
 */
public record VancomycinDose(double startMin, double amountMg, double durationMin) {

  public VancomycinDose {
    if (!Double.isFinite(startMin)) {
      throw new IllegalArgumentException("dose start must be finite, was " + startMin);
    }
    if (!Double.isFinite(amountMg) || !(amountMg > 0)) {
      throw new IllegalArgumentException("dose at t=" + startMin + " min: amount must be finite and > 0 mg, was "
          + amountMg);
    }
    if (!Double.isFinite(durationMin) || !(durationMin > 0)) {
      throw new IllegalArgumentException("dose at t=" + startMin + " min: duration must be finite and > 0 min, was "
          + durationMin);
    }
  }

  /** Infusion rate, mg/h. */
  public double rateMgPerH() {
    return amountMg / durationMin * 60.0;
  }

  /** When the infusion stops, minutes. */
  public double endMin() {
    return startMin + durationMin;
  }
}
