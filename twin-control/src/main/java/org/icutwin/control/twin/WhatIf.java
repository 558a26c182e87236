package org.icutwin.control.twin;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What-if questions and answers: alternative regimens and their predicted outcomes side by side.
 * Infusion twins (insulin, norepinephrine) take regimens as rate steps; the vancomycin twin takes
 * intermittent doses.
 */
public final class WhatIf {

  private WhatIf() {
  }

  /** One rate from {@code start} on, in the drug library's rate unit. */
  public record Step(Instant start, double rate) {
    public Step {
      Objects.requireNonNull(start, "start");
      if (!Double.isFinite(rate) || rate < 0) {
        throw new IllegalArgumentException("rate must be finite and >= 0, was " + rate);
      }
    }
  }

  /**
   * Intermittent doses: an optional loading dose at {@code firstDose} (as fast as the library's
   * maximum infusion rate allows, at least 1 h), then {@code doseMg} every {@code intervalH} hours
   * (at least 1; one interval after the loading dose when there is one), each over
   * {@code infusionH} hours (at least 0.25; default: as for the loading dose).
   *
   * @param firstDose when the regimen starts (empty: at the question's time)
   */
  public record Doses(OptionalDouble loadingDoseMg, double doseMg, double intervalH, OptionalDouble infusionH,
      Optional<Instant> firstDose) {
    public Doses {
      Objects.requireNonNull(loadingDoseMg, "loadingDoseMg");
      Objects.requireNonNull(infusionH, "infusionH");
      Objects.requireNonNull(firstDose, "firstDose");
      if (!Double.isFinite(doseMg) || !(doseMg > 0)) {
        throw new IllegalArgumentException("dose must be finite and > 0 mg, was " + doseMg);
      }
      if (!Double.isFinite(intervalH) || !(intervalH >= 1)) {
        throw new IllegalArgumentException("interval must be finite and at least 1 h, was " + intervalH);
      }
      loadingDoseMg.ifPresent(v -> {
        if (!Double.isFinite(v) || !(v > 0)) {
          throw new IllegalArgumentException("loading dose must be finite and > 0 mg, was " + v);
        }
      });
      infusionH.ifPresent(v -> {
        if (!Double.isFinite(v) || !(v >= 0.25) || v >= intervalH) {
          throw new IllegalArgumentException("infusion time must be finite, at least 0.25 h and shorter than the"
              + " interval (" + intervalH + " h), was " + v);
        }
      });
    }
  }

  /** A named regimen: rate changes from now on (none and no doses: continue as now), or intermittent doses. */
  public record Regimen(String name, List<Step> steps, Optional<Doses> doses) {
    public Regimen {
      Objects.requireNonNull(name, "name");
      steps = List.copyOf(steps);
      Objects.requireNonNull(doses, "doses");
      if (doses.isPresent() && !steps.isEmpty()) {
        throw new IllegalArgumentException("regimen '" + name + "' has both rate steps and intermittent doses: give one");
      }
    }

    /** A rate regimen. */
    public Regimen(String name, List<Step> steps) {
      this(name, steps, Optional.empty());
    }
  }

  /**
   * The predicted AUC over one 24-h window (vancomycin).
   *
   * @param start start of the window
   * @param auc24 at the point estimate, mg·h/L
   * @param lower90 5th percentile over the posterior samples, mg·h/L
   * @param upper90 95th percentile, mg·h/L
   * @param probabilityInBand probability of an AUC24 in the target band
   * @param probabilityBelowBand probability of an AUC24 below it
   * @param probabilityAboveToxic probability of an AUC24 above the toxic threshold
   */
  public record AucWindow(Instant start, double auc24, double lower90, double upper90, double probabilityInBand,
      double probabilityBelowBand, double probabilityAboveToxic) {
  }

  /**
   * The predicted outcome of one regimen, on the same posterior draws as the others.
   *
   * @param name the regimen
   * @param band median and 5th-95th percentile of the controlled quantity over time (vancomycin:
   *     the serum concentration, mg/L)
   * @param fractionInBand expected fraction of time in the target band (vancomycin: the mean over
   *     the target days of the probability of an AUC24 in band)
   * @param probabilityBelowThreshold probability of going below the low threshold (vancomycin: the
   *     largest over the target days of the probability of an AUC24 below the band)
   * @param auc24 vancomycin: AUC24 on the target days (empty for infusion twins)
   * @param hardLimitBreaches hard drug-library limits the regimen would break, with the doses given
   *     (a what-if is answered anyway, as it is not an order); empty when none
   */
  public record Outcome(String name, List<PredictionPoint> band, double fractionInBand,
      double probabilityBelowThreshold, List<AucWindow> auc24, List<String> hardLimitBreaches) {
    public Outcome {
      band = List.copyOf(band);
      auc24 = List.copyOf(auc24);
      hardLimitBreaches = List.copyOf(hardLimitBreaches);
    }

    /** An infusion twin's outcome (no AUC windows, no breaches reported). */
    public Outcome(String name, List<PredictionPoint> band, double fractionInBand, double probabilityBelowThreshold) {
      this(name, band, fractionInBand, probabilityBelowThreshold, List.of(), List.of());
    }
  }
}
