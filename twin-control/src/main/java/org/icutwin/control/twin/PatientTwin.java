package org.icutwin.control.twin;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.icutwin.core.druglib.DrugLibrary;

/**
 * One patient's twin: takes normalised observations and doses in data time, describes, predicts
 * and proposes. Deterministic: the same calls in the same order give the same answers, so an
 * event-sourced shell can rebuild it by replaying its journal. Not thread-safe; one owner.
 */
public interface PatientTwin {

  TwinSpec spec();

  /** The target band and risk limit the controller works to. */
  Target target();

  /** Takes a measurement; late data within the window are re-filtered in time order. */
  ItemResult observe(TwinObservation observation);

  /**
   * Notes a measurement the twin failed on (its computation threw; the item was kept as not
   * applied) without filtering it: what the dosing protocol reads from measurements themselves
   * still counts (a blood glucose below 4.0 mmol/L holds insulin, a low is the latest reading).
   * Replaying a journal calls it where the live twin saw the reading and failed. No-op by default.
   */
  default void noteUnapplied(TwinObservation observation) {
  }

  /**
   * Takes a corrected or amended result for the observation first recorded under {@code originalId}
   * (the laboratory reissued it): the twin re-runs its estimate as if the corrected result had come
   * in place of the first. When the twin holds no observation under that id (never received, or
   * too old to be held) the correction is taken as a new reading, under {@code originalId}.
   *
   * @return what became of the correction; refused with the twin unchanged as
   *     {@code REVISION_BEYOND_WINDOW} (the original is older than the late window: the estimate keeps
   *     it) or {@code WITHDRAWN} (the original was withdrawn)
   */
  ItemResult revise(String originalId, TwinObservation corrected);

  /**
   * Takes the observation recorded under {@code originalId} back out (its sender withdrew it as
   * entered in error): the twin re-runs its estimate as if it had never come.
   *
   * @param sampleTime when the withdrawn result was sampled, as its sender says
   * @return applied when it was taken out; else refused with the twin unchanged as
   *     {@code REVISION_BEYOND_WINDOW} (held, or not held and sampled, before the late window: if the
   *     twin weighed it, the estimate keeps it), {@code UNKNOWN_ITEM} (no such observation held: the
   *     estimate does not include it) or {@code WITHDRAWN} (already withdrawn)
   */
  ItemResult withdraw(String originalId, Instant sampleTime);

  /**
   * Takes back a dose recorded as {@code original} (its id, time, drug, kind and amount as first
   * taken) that its sender withdrew as entered in error: the twin re-runs its estimate as if it had
   * never been given, and its dosing history (the 24-h cap, the plan's context) forgets it.
   *
   * @return applied when it was taken out; else refused with the twin unchanged:
   *     {@code REVISION_BEYOND_WINDOW} (older than the late window: the estimate keeps it),
   *     {@code UNKNOWN_ITEM} (no such dose held), {@code WITHDRAWN} (already withdrawn),
   *     {@code OTHER_DRUG} (not modelled: nothing to take back) or {@code NOT_SUPPORTED} (a glucose
   *     twin's feed reports: the feed the twin believes runs follows the reports, so the rate that
   *     ran is charted as a new report instead)
   */
  ItemResult withdrawDose(TwinDose original);

  /** Takes a dose actually given. */
  ItemResult administer(TwinDose dose);

  /** The state, parameters and controlled quantity as of {@code asOf} (predicted forward, not stored). */
  TwinView describe(Instant asOf);

  /** The controlled quantity from {@code asOf} over {@code horizon} if nothing changes. */
  List<PredictionPoint> forecast(Instant asOf, Duration horizon);

  /** A proposal for {@code asOf}; the twin itself is not changed. */
  ProposalDraft recommend(Instant asOf);

  /**
   * A rate or dose a clinician typed, in the drug library's unit for this twin's drug (insulin
   * [iU]/h, norepinephrine ug/kg/min with the patient's weight, vancomycin mg): what an order states.
   *
   * @throws IllegalArgumentException when {@code unit} does not convert to it
   */
  org.icutwin.core.units.Quantity inLibraryUnit(double value, String unit);

  /**
   * Checks a rate or dose a clinician typed (in {@code unit}) against the drug library at {@code at}:
   * hard limits and the 24-h cap refuse, a soft-limit excess needs {@code overrideReason}.
   */
  ClinicianCheck checkClinicianDose(Instant at, double value, String unit, String clinicianId,
      java.util.Optional<String> overrideReason);

  /**
   * Predicted outcomes of alternative regimens from {@code asOf} over {@code horizon}, simulated on
   * the same draws from the twin's posterior (common random numbers), side by side. Infusion twins
   * take rate steps, the vancomycin twin intermittent doses; the twin is not changed.
   *
   * @throws IllegalArgumentException for 0 or more than 6 regimens, or a regimen of the wrong form
   */
  List<WhatIf.Outcome> whatIf(Instant asOf, List<WhatIf.Regimen> regimens, Duration horizon);

  /**
   * When the newest accepted reading of the controlled quantity is older at {@code now} than the
   * safety envelope accepts (the twin then withholds proposals or only stops insulin), a sentence
   * saying so for the clinician, with the newest reading's time; else empty. Twins without such a
   * limit (vancomycin: sparse levels by design) answer empty.
   */
  default Optional<Stale> stale(Instant now) {
    return Optional.empty();
  }

  /** The newest accepted reading is older than the limit: since when, and what to tell the clinician. */
  record Stale(Instant newestReading, String detail) {
  }

  /** A clinician accepted this proposal: the controller warm-starts its next plan from it. */
  void accepted(ProposalDraft proposal);

  /**
   * A clinician modified this proposal's dose (a withheld proposal can only be modified). The
   * modification is about the dose; the proposal's feed and dextrose advice stands beside it, so a
   * pump report of an advised rate within the hour is that advice carried out, as after an
   * acceptance: the protocol keeps its infusion to wean and the clinician's own rate stays the
   * goal. The plan and a rescue are not taken as given (a rescue counts when it is charted).
   */
  default void modified(ProposalDraft proposal) {
  }

  /** Everything this twin holds, as plain records, for a snapshot (see {@link TwinExport}). */
  TwinExport exportState();

  /**
   * The twin {@code state} was exported from, rebuilt with the admission's {@code spec} and the
   * drug library: it gives exactly the answers the exported twin would have given.
   *
   * @throws UnreadableTwinStateException when {@code state} has another format version or kind
   */
  static PatientTwin restore(TwinSpec spec, DrugLibrary library, TwinExport state) {
    if (state.formatVersion() != TwinExport.FORMAT_VERSION) {
      throw new UnreadableTwinStateException("twin state of patient " + spec.patientId() + " has format version "
          + state.formatVersion() + "; this version reads only format " + TwinExport.FORMAT_VERSION);
    }
    if (!state.kind().equals(spec.kind().name())) {
      throw new UnreadableTwinStateException("twin state of patient " + spec.patientId() + " is of a " + state.kind()
          + " twin, the admission is for " + spec.kind().name());
    }
    return switch (spec.kind()) {
      case GLUCOSE_INSULIN, NOREPINEPHRINE_MAP -> {
        if (state.infusion() == null) {
          throw new UnreadableTwinStateException("twin state of patient " + spec.patientId() + " has no infusion part");
        }
        yield InfusionTwin.restore(spec, library, state.infusion());
      }
      case VANCOMYCIN -> {
        if (state.vancomycin() == null) {
          throw new UnreadableTwinStateException("twin state of patient " + spec.patientId()
              + " has no vancomycin part");
        }
        yield VancomycinTwin.restore(spec, library, state.vancomycin());
      }
    };
  }

  /** A new twin for an admission. */
  static PatientTwin create(TwinSpec spec, DrugLibrary library) {
    return switch (spec.kind()) {
      case GLUCOSE_INSULIN, NOREPINEPHRINE_MAP -> new InfusionTwin(spec, library);
      case VANCOMYCIN -> new VancomycinTwin(spec, library);
    };
  }
}
