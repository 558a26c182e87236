package org.icutwin.control.twin;

import java.util.List;
import java.util.Objects;
import org.icutwin.estimation.timeline.TimelineState;

/**
 * A twin's whole state as plain records (numbers, arrays, strings, lists), for snapshots: {@link
 * PatientTwin#restore} with the same {@link TwinSpec} and drug library gives a twin that answers and
 * continues exactly as the exported one. Exactly one of {@code infusion} and {@code vancomycin} is
 * set, matching {@code kind}. Times are minutes on the twin's clock; rates in the model's units.
 *
 * @param formatVersion {@link #FORMAT_VERSION} when written; a different version is refused on restore
 * @param kind the {@link TwinKind} name
 */
public record TwinExport(int formatVersion, String kind, InfusionState infusion, VancomycinState vancomycin) {

  /**
   * Raise when the meaning or shape of any field below changes: old snapshots are then refused, not
   * misread. 2 (2026-12-04): norepinephrine twins estimate MAP0 alone, so their filter state has
   * lost the EC50 coordinate. 3 (2026-12-05): glucose twins remember which accepted rescue a
   * documented dextrose bolus was matched to, and their feeds for nutrition advice. 4 (2026-12-06):
   * a feed remembers when its pending advice was accepted (the advice lapses after an hour), and
   * the dextrose infusion the hypoglycaemia protocol added (since 2026-12-05) is in the feeds. 5
   * (2026-12-06): when the nutrition was last cut. 6 (2026-12-06): glucose twins have a gut
   * compartment, a fourth state in their filter, and remember their last low reading.
   */
  public static final int FORMAT_VERSION = 6;

  public TwinExport {
    Objects.requireNonNull(kind, "kind");
  }

  /**
   * An insulin/glucose or norepinephrine/MAP twin.
   *
   * @param rateStartsMin starts of the rate segments (the first is -Infinity, rate 0), ascending
   * @param ratesModel the model rate of each segment
   * @param boluses boluses given, in arrival order
   * @param previousPlanRates the accepted plan the controller warm-starts from (empty: none)
   * @param latestReading the newest reading of the controlled quantity (NaN: none yet)
   * @param latestReadingTimeMin its time (-Infinity: none yet)
   * @param lastRescueMin time of the last accepted hypoglycaemia rescue (-Infinity: none)
   * @param rescueDocumentedMin the rescue time a reported dextrose bolus was matched to (-Infinity: none)
   * @param lastDextroseMin the newest reported dextrose bolus that documented no rescue (-Infinity: none)
   * @param feeds the feeds reported (glucose twins), for nutrition advice
   * @param feedCutAtMin when the feeds' glucose was last cut by half or more (NaN: never), for the
   *     protocol's measurement after a feed cut
   * @param lowReadingAtMin when a glucose reading below the protocol's suspend threshold was last
   *     taken (NaN: never), for the protocol's hold after a low
   */
  public record InfusionState(TimelineState timeline, double[] rateStartsMin, double[] ratesModel, List<Bolus> boluses,
      double[] previousPlanRates, double[] previousPlanStartsMin, double latestReading, double latestReadingTimeMin,
      double lastRescueMin, double rescueDocumentedMin, double lastDextroseMin, List<Feed> feeds, double feedCutAtMin,
      double lowReadingAtMin, int applied, int rejected) {

    public InfusionState {
      feeds = feeds == null ? List.of() : List.copyOf(feeds);
      Objects.requireNonNull(timeline, "timeline");
      rateStartsMin = rateStartsMin.clone();
      ratesModel = ratesModel.clone();
      boluses = List.copyOf(boluses);
      previousPlanRates = previousPlanRates.clone();
      previousPlanStartsMin = previousPlanStartsMin.clone();
      if (rateStartsMin.length != ratesModel.length || previousPlanRates.length != previousPlanStartsMin.length) {
        throw new IllegalArgumentException("infusion twin state: rate segments and plan steps need as many starts as"
            + " rates");
      }
    }

    @Override
    public double[] rateStartsMin() {
      return rateStartsMin.clone();
    }

    @Override
    public double[] ratesModel() {
      return ratesModel.clone();
    }

    @Override
    public double[] previousPlanRates() {
      return previousPlanRates.clone();
    }

    @Override
    public double[] previousPlanStartsMin() {
      return previousPlanStartsMin.clone();
    }
  }

  /**
   * A feed as the twin knows it (g/h of glucose).
   *
   * @param drug drug library id
   * @param current the rate last reported
   * @param goal the prescribed rate (the last report that was not an accepted advice)
   * @param accepted the rate of the last accepted advice not yet reported (NaN: none)
   * @param changedAtMin when the reported rate last changed, minutes on the twin's clock
   * @param reportedAtMin the effective time of the newest report (older reports, arriving late, do
   *     not change what the twin believes runs now)
   * @param acceptedAtMin when that advice was accepted (NaN: none); a report more than
   *     {@code InfusionTwin.ADVICE_CARRIED_OUT_WITHIN_MIN} from it is not taken as the advice carried out
   */
  public record Feed(String drug, double current, double goal, double accepted, double changedAtMin,
      double reportedAtMin, double acceptedAtMin) {
  }

  /** A bolus given, in the model's bolus unit. */
  public record Bolus(double timeMin, double amount, String unit) {
  }

  /**
   * A vancomycin twin: its levels and the doses given.
   *
   * @param rateStartsMin starts of the pump segments (the first is -Infinity, rate 0)
   */
  public record VancomycinState(List<Level> levels, double[] rateStartsMin, double[] ratesMgPerH,
      List<WholeDose> wholeDoses, int applied, int rejected) {

    public VancomycinState {
      levels = List.copyOf(levels);
      rateStartsMin = rateStartsMin.clone();
      ratesMgPerH = ratesMgPerH.clone();
      wholeDoses = List.copyOf(wholeDoses);
      if (rateStartsMin.length != ratesMgPerH.length) {
        throw new IllegalArgumentException("vancomycin twin state: pump segments need as many starts as rates");
      }
    }

    @Override
    public double[] rateStartsMin() {
      return rateStartsMin.clone();
    }

    @Override
    public double[] ratesMgPerH() {
      return ratesMgPerH.clone();
    }
  }

  /** A serum level, mg/L (below the limit of quantification: {@code value} is the LOQ). */
  public record Level(String id, double timeMin, double valueMgPerL, boolean belowLoq, String sensorClass) {
  }

  public record WholeDose(double startMin, double amountMg, double durationMin) {
  }
}
