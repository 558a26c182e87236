package org.icutwin.control.recommend;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.icutwin.core.druglib.DoseLimits;
import org.icutwin.core.druglib.DrugLibraryEntry;
import org.icutwin.core.units.ConversionContext;
import org.icutwin.core.units.UnitException;
import org.icutwin.core.units.Units;

/**
 * Dextrose infusion advice for a glucose twin's hypoglycaemia protocol. A 12.5-g rescue bolus
 * lasts tens of minutes; when insulin already given keeps pulling glucose down (insulin
 * sensitivity rising under a high rate, the insulin's effect outlasting the stop), glucose falls
 * again within 15-30 min of each bolus. ICU hypoglycaemia protocols then start a continuous
 * dextrose infusion. This rule does the same, on measurements only, never on the twin's estimate
 * (a twin that has just missed a hypoglycaemia is the least trusted source): a rescue counts only
 * when a reading taken after the previous rescue called for it, not when the twin's estimate did
 * or when an old reading is all there is.
 *
 * <ul>
 *   <li><b>start / raise</b>: a rescue proposed now on a new low reading, with another accepted
 *       within {@code repeatWindowMin} or on a severe reading (below {@code severeBelow}), advises
 *       {@code startGPerH} above the clinician's own rate (the baseline), or one {@code stepGPerH}
 *       more if the protocol's infusion already runs, to at most {@code maxGPerH} above the baseline
 *       and never past the library's limit for the dextrose rate. Urgent: no minimum time since the
 *       last change.
 *   <li><b>wean</b>: with the protocol's infusion running, no rescue for {@code weanAfterRescueMin},
 *       and a reading of at least {@code weanAtOrAbove} that is fresh (the envelope did not find it
 *       stale, and it is at most {@code weanReadingMaxAgeMin} old), taken at least
 *       {@code weanReadingAfterRescueMin} after the last rescue (not the bolus's transient peak) and
 *       after the last rate change, with the rate unchanged for {@code minMinutesBetweenChanges}:
 *       one step down, to no less than the baseline.
 * </ul>
 *
 * The baseline is the dextrose a clinician prescribed (maintenance fluids, say): the rule adds to
 * it and weans back to it, never below. Advice only: a clinician accepts it with the proposal, and
 * the infusion enters the twin when the pump or the chart reports it. Rates in g/h of glucose,
 * glucose in mmol/L, times in minutes.
 *
 * @param currentGPerH the dextrose rate running now
 * @param advisedGPerH the advised rate
 * @param baselineGPerH the clinician's own rate the protocol adds to and weans back to
 * @param reason why
 */
public record DextroseInfusionAdvice(double currentGPerH, double advisedGPerH, double baselineGPerH, Reason reason) {

  /** Why a dextrose rate change is advised. */
  public enum Reason {
    /** A second rescue within the window, or a severe low: start a dextrose infusion. */
    START_DEXTROSE_REPEATED_HYPOGLYCAEMIA,
    /** Another rescue with the protocol's infusion running: raise it one step. */
    RAISE_DEXTROSE_REPEATED_HYPOGLYCAEMIA,
    /** Glucose has held without rescue: bring the protocol's infusion one step down. */
    WEAN_DEXTROSE
  }

  public DextroseInfusionAdvice {
    Objects.requireNonNull(reason, "reason");
  }

  /**
   * The protocol's numbers: a site's choice for review (docs/control.md).
   *
   * @param repeatWindowMin a rescue within this of the previous one starts or raises the infusion
   * @param severeBelow a reading below this (mmol/L) with a rescue starts the infusion at once
   * @param startGPerH the first rate above the baseline
   * @param stepGPerH each further raise, and each weaning step
   * @param maxGPerH the most the protocol adds to the baseline
   * @param weanAfterRescueMin no weaning within this of the last rescue
   * @param weanAtOrAbove no weaning below this reading (mmol/L)
   * @param minMinutesBetweenChanges no weaning within this of the last rate change
   * @param weanReadingMaxAgeMin the reading weaning rests on is at most this old
   * @param weanReadingAfterRescueMin and was taken at least this long after the last rescue
   */
  public record Rule(double repeatWindowMin, double severeBelow, double startGPerH, double stepGPerH, double maxGPerH,
      double weanAfterRescueMin, double weanAtOrAbove, double minMinutesBetweenChanges, double weanReadingMaxAgeMin,
      double weanReadingAfterRescueMin) {

    public Rule {
      for (double v : new double[] {repeatWindowMin, severeBelow, startGPerH, stepGPerH, maxGPerH, weanAfterRescueMin,
          weanAtOrAbove, minMinutesBetweenChanges, weanReadingMaxAgeMin, weanReadingAfterRescueMin}) {
        if (!Double.isFinite(v) || v < 0) {
          throw new IllegalArgumentException("dextrose infusion rule values must be finite and >= 0");
        }
      }
      if (!(startGPerH > 0 && stepGPerH > 0 && maxGPerH >= startGPerH)) {
        throw new IllegalArgumentException("dextrose infusion rule needs start > 0, step > 0 and max >= start");
      }
    }

    /**
     * A second rescue within 2 h, or a rescue on a reading below 2.2 mmol/L, starts 10 g/h (D10 at
     * 100 mL/h); each further rescue adds 5 g/h, to 20 g/h above the baseline; weaned by 5 g/h an
     * hour once 2 h have passed without rescue and glucose reads 6.0 mmol/L or more on a reading
     * at most 60 min old, taken at least 60 min after the last rescue.
     */
    public static Rule standard() {
      return new Rule(120, 2.2, 10, 5, 20, 120, 6.0, 60, 60, 60);
    }
  }

  /**
   * The most the rule may advise for a dextrose rate, g/h: the library entry's soft maximum (the
   * rule has no clinician's reason to exceed it), else its hard maximum, else +∞ (no entry, or no
   * maximum: the rule's own {@code maxGPerH} still holds). A weight-based entry (e.g. mg/kg/min,
   * a glucose infusion rate) is read for the patient's weight.
   *
   * @throws IllegalArgumentException when the entry's rate unit is not a mass per time (a library
   *     configured in mL/h would otherwise be read wrongly)
   */
  public static double limitGPerH(Optional<DrugLibraryEntry> dextrose, double weightKg) {
    if (dextrose.isEmpty() || dextrose.get().doseRate().isEmpty()) {
      return Double.POSITIVE_INFINITY;
    }
    DoseLimits l = dextrose.get().doseRate().get().limits();
    OptionalDouble max = l.softMax().isPresent() ? l.softMax() : l.hardMax();
    try {
      return max.isPresent() ? Units.convert(max.getAsDouble(), l.unit(), "g/h", ConversionContext.bodyWeight(weightKg))
          : Double.POSITIVE_INFINITY;
    } catch (UnitException e) {
      throw new IllegalArgumentException("the dextrose entry " + dextrose.get().id() + " gives its rate in '" + l.unit()
          + "', which cannot be read as a mass of glucose per time (g/h) for a " + weightKg + " kg patient", e);
    }
  }

  /** Rates closer than this (g/h) are the same rate. */
  static final double SAME_RATE_G_PER_H = 0.05;

  /**
   * The advice that goes with a glucose proposal, or none.
   *
   * @param rule the protocol's numbers
   * @param rescueOnReading whether the proposal carries a dextrose rescue that a new low reading
   *     called for ({@code HypoglycaemiaProtocol.readingCallsForRescue}), not the twin's estimate
   * @param minutesSinceLastRescue since the last accepted rescue before this proposal (+∞: none)
   * @param latestReading the newest measured glucose, mmol/L (NaN: none)
   * @param minutesSinceReading since it was taken (NaN: unknown, which never weans)
   * @param readingFresh whether the safety envelope found the newest measurement fresh (weaning
   *     needs it; starting and raising do not, they answer a measured low). The twin's prediction
   *     does not matter: the rule reads measurements only.
   * @param currentGPerH the dextrose rate running now (0 when none)
   * @param baselineGPerH the clinician's own dextrose rate (the protocol's part is current − baseline)
   * @param minutesSinceChange since the dextrose rate last changed (+∞: never)
   * @param limitGPerH the library's limit for a dextrose rate (+∞: none); advice never exceeds it
   */
  public static Optional<DextroseInfusionAdvice> advise(Rule rule, boolean rescueOnReading, double minutesSinceLastRescue,
      double latestReading, double minutesSinceReading, boolean readingFresh, double currentGPerH, double baselineGPerH,
      double minutesSinceChange, double limitGPerH) {
    Objects.requireNonNull(rule, "rule");
    double current = Double.isFinite(currentGPerH) && currentGPerH > 0 ? currentGPerH : 0;
    double baseline = Double.isFinite(baselineGPerH) && baselineGPerH > 0 ? Math.min(baselineGPerH, current) : 0;
    double added = current - baseline;
    boolean running = added > SAME_RATE_G_PER_H;
    double limit = Double.isNaN(limitGPerH) ? Double.POSITIVE_INFINITY : limitGPerH;
    if (rescueOnReading) {
      boolean repeated = minutesSinceLastRescue <= rule.repeatWindowMin();
      boolean severe = latestReading < rule.severeBelow();
      if (!repeated && !severe && !running) {
        return Optional.empty();
      }
      double advised = Math.min(Math.min(baseline + rule.maxGPerH(), limit),
          running ? current + rule.stepGPerH() : baseline + rule.startGPerH());
      if (advised <= current + SAME_RATE_G_PER_H) {
        return Optional.empty(); // at the protocol's most, or the library's
      }
      return Optional.of(new DextroseInfusionAdvice(current, advised, baseline,
          running ? Reason.RAISE_DEXTROSE_REPEATED_HYPOGLYCAEMIA : Reason.START_DEXTROSE_REPEATED_HYPOGLYCAEMIA));
    }
    boolean settledReading = readingFresh && minutesSinceReading <= rule.weanReadingMaxAgeMin()
        && minutesSinceReading <= minutesSinceLastRescue - rule.weanReadingAfterRescueMin()
        && minutesSinceReading <= minutesSinceChange;
    if (running && settledReading && minutesSinceLastRescue >= rule.weanAfterRescueMin()
        && latestReading >= rule.weanAtOrAbove() && minutesSinceChange >= rule.minMinutesBetweenChanges()) {
      return Optional.of(new DextroseInfusionAdvice(current, Math.max(baseline, current - rule.stepGPerH()), baseline,
          Reason.WEAN_DEXTROSE));
    }
    return Optional.empty();
  }
}
