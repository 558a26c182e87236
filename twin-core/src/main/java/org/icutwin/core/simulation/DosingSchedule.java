package org.icutwin.core.simulation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * An immutable, time-ordered history or plan of dose events. Events at equal times keep the
 * order they were added in.
 */
public record DosingSchedule(List<DoseEvent> events) {

  public DosingSchedule {
    var sorted = new ArrayList<>(events);
    sorted.sort(Comparator.comparingDouble(DoseEvent::timeMin)); // stable
    events = List.copyOf(sorted);
  }

  public static DosingSchedule empty() {
    return new DosingSchedule(List.of());
  }

  public static DosingSchedule of(DoseEvent... events) {
    return new DosingSchedule(List.of(events));
  }

  /** A copy with more events. */
  public DosingSchedule with(DoseEvent... more) {
    var all = new ArrayList<>(events);
    all.addAll(List.of(more));
    return new DosingSchedule(all);
  }

  /** Sets a rate from {@code timeMin} on. */
  public DosingSchedule rate(double timeMin, String channel, double rate) {
    return with(new DoseEvent.RateChange(timeMin, channel, rate));
  }

  /** Adds a bolus at {@code timeMin}. */
  public DosingSchedule bolus(double timeMin, String channel, double amount) {
    return with(new DoseEvent.Bolus(timeMin, channel, amount));
  }

  /**
   * Adds an intermittent infusion: {@code amount} over {@code durationMin} starting at
   * {@code timeMin} (e.g. vancomycin 1 g over 60 min), as two rate changes.
   */
  public DosingSchedule infusion(double timeMin, String channel, double amount, double durationMin) {
    if (!(durationMin > 0) || Double.isInfinite(durationMin)) {
      throw new IllegalArgumentException("infusion duration must be finite and > 0, was " + durationMin);
    }
    return with(new DoseEvent.RateChange(timeMin, channel, amount / durationMin),
        new DoseEvent.RateChange(timeMin + durationMin, channel, 0.0));
  }
}
