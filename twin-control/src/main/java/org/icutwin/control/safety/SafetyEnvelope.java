package org.icutwin.control.safety;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.icutwin.core.druglib.DrugLibraryEntry;
import org.icutwin.core.druglib.RateLimits;
import org.icutwin.core.druglib.SafeDirection;
import org.icutwin.core.units.Quantity;
import org.icutwin.estimation.monitor.DriftStatus;

/**
 * Checks a controller's proposed dose before a clinician sees it, independently of how it was computed.
 *
 * <p>First the twin (solver, drift, freshness of the controlled output's data, plausibility of the
 * predictions), then the dose against the drug library (units, rate of change, hard limits, 24-h
 * cap, infusion rate, soft limits). Any withholding finding wins over every clip: the decision then
 * has no action at all. A clip only moves the value toward less drug (or a slower infusion); it
 * never raises a dose. Rules and order: docs/safety.md. Stateless and thread-safe.
 */
public final class SafetyEnvelope {
  private final SafetyConfig config;

  public SafetyEnvelope(SafetyConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** Judges a controller's proposal: PASSED, CLIPPED toward safety, or WITHHELD with no action. */
  public SafetyDecision decide(SafetyRequest request) {
    Objects.requireNonNull(request, "request");
    List<SafetyFinding> findings = new ArrayList<>();
    TwinChecks.check(request.twin(), config, findings);
    DoseCheck.Result dose = DoseCheck.evaluate(request, false, config.continuousStepMin(),
        direction(request) == SafeDirection.DECREASE);
    if (!findings.isEmpty() && isSafeStop(request, dose)) {
      // Stopping needs no prediction: an untrusted twin must not keep insulin running.
      return deliveredDespite(findings, dose, new SafetyFinding(SafetyReason.STOP_DELIVERED_DESPITE_TWIN,
          "stopping " + request.proposal().drug() + " is delivered although the twin is not trusted"));
    }
    if (!findings.isEmpty() && onlyDrift(findings) && inSafeDirection(request, dose)) {
      // Fresh data, an imperfect model: a change the model cannot make dangerous goes through, flagged.
      return deliveredDespite(findings, dose, new SafetyFinding(SafetyReason.SAFE_DIRECTION_DESPITE_DRIFT,
          "drift alert: the change of " + request.proposal().drug() + " is in its safe direction and is delivered for review"));
    }
    if (!findings.isEmpty() && onlyDrift(findings) && driftErrsOnSafeSide(request, dose)) {
      // The measurements run on the far side of the forecast from the hazard this change risks: a
      // dose computed from that forecast is, if anything, too cautious for the patient measured.
      return deliveredDespite(findings, dose, new SafetyFinding(SafetyReason.DRIFT_ERRS_ON_SAFE_SIDE,
          "drift alert: " + request.twin().controlledOutput() + " has been measured "
              + (request.twin().drift() == DriftStatus.UNDER_PREDICTING ? "above" : "below")
              + " the twin's predictions, on the far side from the hazard of this change of " + request.proposal().drug()
              + "; it is delivered for review"));
    }
    SafetyDecision decision = combine(findings, dose);
    if (decision.outcome() == SafetyDecision.Outcome.WITHHELD) {
      return capReduction(request, decision).orElse(decision);
    }
    return decision;
  }

  /**
   * The library-checked action delivered although the twin's checks found something: every finding
   * kept, and {@code why} added.
   */
  private static SafetyDecision deliveredDespite(List<SafetyFinding> twinFindings, DoseCheck.Result dose,
      SafetyFinding why) {
    List<SafetyFinding> all = new ArrayList<>(twinFindings);
    all.addAll(dose.findings());
    all.add(why);
    return new SafetyDecision(SafetyDecision.Outcome.CLIPPED, dose.action(), all, dose.overrideRequired());
  }

  /**
   * When a proposal for a drug whose safe direction is down is withheld, the rate running now
   * continues; if it would carry the rolling 24-h total past the library's cap within the
   * proposal's run time, the largest rate that stays within the cap (0 when nothing remains) is
   * delivered instead, with the withholding findings kept and {@code CAP_REDUCTION} added. The
   * value comes from the library and the history, not from the twin: a cut of what runs, never a new dose.
   */
  private Optional<SafetyDecision> capReduction(SafetyRequest request, SafetyDecision withheld) {
    ProposedAction p = request.proposal();
    if (direction(request) != SafeDirection.DECREASE || p.kind() != ActionKind.CONTINUOUS_RATE
        || request.currentRate().isEmpty() || request.currentRate().get().value() <= 0) {
      return Optional.empty();
    }
    Quantity current = request.currentRate().get();
    // The running rate checked as if proposed for the same run time: the cap clips it, or withholds when reached.
    DoseCheck.Result keep = DoseCheck.evaluate(request.withProposal(p.withValue(current.value(), current.unit())),
        false, config.continuousStepMin(), true);
    if (keep.findings().stream().noneMatch(f -> f.reason() == SafetyReason.CUMULATIVE_24H_CAP)) {
      return Optional.empty();
    }
    DoseCheck.Result cut = keep.action().isPresent() ? keep
        : DoseCheck.evaluate(request.withProposal(p.withValue(0, current.unit())), false, config.continuousStepMin(), true);
    if (cut.action().isEmpty()) {
      return Optional.empty();
    }
    List<SafetyFinding> all = new ArrayList<>(withheld.findings());
    all.add(new SafetyFinding(SafetyReason.CAP_REDUCTION, "the proposal is withheld, but keeping " + current
        + " for " + p.durationMin().orElse(config.continuousStepMin()) + " min would exceed the 24-h cap: reduced to "
        + cut.action().get().value()));
    return Optional.of(new SafetyDecision(SafetyDecision.Outcome.CLIPPED, cut.action(), all, cut.overrideRequired()));
  }

  /**
   * Judges a clinician's modified dose (the accept-with-modification path) against the library only.
   *
   * <p>Nothing is clipped: a value beyond a hard limit, the 24-h cap or the infusion rate is
   * WITHHELD (refused, with the same reason codes as {@link #decide}); a soft-limit excess needs
   * {@link SafetyRequest#override()}. The twin's status is not consulted and the titration step
   * does not apply: the clinician, not the model, is the source of this dose.
   */
  public SafetyDecision checkClinicianDose(SafetyRequest request) {
    Objects.requireNonNull(request, "request");
    return combine(new ArrayList<>(), DoseCheck.evaluate(request, true, config.continuousStepMin()));
  }

  /**
   * Judges advice that travels with a proposal (a feed or a dextrose infusion rate) against the
   * drug library only: the advice comes from fixed rules that read measurements, not from the
   * twin's prediction, so the twin's status is not consulted. Like a controller's proposal it is
   * clipped toward the library's hard limits and rate of change, or withheld when it cannot be
   * checked (no entry, not finite, unit). Advice has no override path, so a soft-limit excess
   * withholds it, and so does an entry with a 24-h cap, whose history the advice's owner does not
   * keep. {@link SafetyRequest#override()} is ignored.
   */
  public SafetyDecision checkAdvice(SafetyRequest request) {
    Objects.requireNonNull(request, "request");
    boolean capped = request.entry().map(e -> e.cumulative24hMax().isPresent()).orElse(false);
    if (capped) {
      return SafetyDecision.withheld(List.of(new SafetyFinding(SafetyReason.CUMULATIVE_24H_CAP,
          request.entry().get().id() + " has a 24-h cap; advice on it is not checked against one and is withheld")));
    }
    DoseCheck.Result dose = DoseCheck.evaluate(request.withoutOverride(), false, config.continuousStepMin());
    if (dose.overrideRequired()) {
      return SafetyDecision.withheld(dose.findings());
    }
    return combine(new ArrayList<>(), dose);
  }

  private static boolean onlyDrift(List<SafetyFinding> findings) {
    return findings.stream().allMatch(f -> f.reason() == SafetyReason.DRIFT_ALERT);
  }

  /** The library-checked action holds or moves the drug in its safe direction relative to the current rate. */
  private boolean inSafeDirection(SafetyRequest request, DoseCheck.Result dose) {
    if (dose.action().isEmpty() || request.currentRate().isEmpty()
        || request.proposal().kind() != ActionKind.CONTINUOUS_RATE) {
      return false;
    }
    var action = dose.action().get().value();
    var current = request.currentRate().get();
    double now;
    try {
      now = org.icutwin.core.units.Units.convert(current.value(), current.unit(), action.unit(),
          request.bodyWeightKg().isPresent() ? org.icutwin.core.units.ConversionContext.bodyWeight(request.bodyWeightKg().getAsDouble())
              : org.icutwin.core.units.ConversionContext.none());
    } catch (IllegalArgumentException e) {
      return false;
    }
    double v = action.value();
    double tol = 1e-9 * Math.max(1, Math.abs(now));
    return switch (direction(request)) {
      case DECREASE -> v <= now + tol;
      case INCREASE -> v >= now - tol;
      case NONE -> false;
    };
  }

  /**
   * Whether a change against the drug's safe direction (the library-checked action, a continuous
   * rate) pushes the output one way while the drift monitor says the measurements have run the
   * other way of the twin's predictions. More insulin risks a low glucose; with glucose measured
   * above the forecast ({@code UNDER_PREDICTING}) the patient is further from that low than the
   * forecast the dose was computed on, so the dose is if anything too cautious. Less
   * norepinephrine risks a low MAP: likewise with MAP measured above the forecast. Found in the
   * product glucose trial: a twin unable to explain glucose at 11 mmol/L with insulin stopped
   * (sensitivity is not identifiable without insulin) kept a drift alert for 30 h, and every
   * increase was withheld. An unstated response never qualifies, nor one that contradicts the
   * envelope's own record of the drug ({@link SafetyConfig#responses()}).
   */
  private boolean driftErrsOnSafeSide(SafetyRequest request, DoseCheck.Result dose) {
    TwinStatus twin = request.twin();
    SafeDirection safe = direction(request);
    TwinStatus.OutputResponse known = config.responses().get(request.proposal().drug());
    if (twin.response() == TwinStatus.OutputResponse.UNKNOWN || known != null && known != twin.response()
        || safe == SafeDirection.NONE
        || dose.action().isEmpty() || request.currentRate().isEmpty()
        || request.proposal().kind() != ActionKind.CONTINUOUS_RATE || inSafeDirection(request, dose)) {
      return false;
    }
    // The change is against the safe direction: more drug when decreasing is safe, less when increasing is.
    boolean moreDrug = safe == SafeDirection.DECREASE;
    boolean outputMovesUp = moreDrug == (twin.response() == TwinStatus.OutputResponse.RISES_WITH_RATE);
    return outputMovesUp ? twin.drift() == DriftStatus.OVER_PREDICTING : twin.drift() == DriftStatus.UNDER_PREDICTING;
  }

  /**
   * The drug's safe direction: the library entry's {@code doseRate.safeDirection} when it states
   * one (a site's pharmacy decides it with the other limits), otherwise this envelope's
   * configuration ({@link SafetyConfig#stopIsSafe()}, {@link SafetyConfig#raiseIsSafe()}).
   */
  SafeDirection direction(SafetyRequest request) {
    Optional<SafeDirection> fromLibrary = request.entry().flatMap(DrugLibraryEntry::doseRate)
        .flatMap(RateLimits::safeDirection);
    if (fromLibrary.isPresent()) {
      return fromLibrary.get();
    }
    String drug = request.proposal().drug();
    return config.stopIsSafe().contains(drug) ? SafeDirection.DECREASE
        : config.raiseIsSafe().contains(drug) ? SafeDirection.INCREASE : SafeDirection.NONE;
  }

  private boolean isSafeStop(SafetyRequest request, DoseCheck.Result dose) {
    ProposedAction p = request.proposal();
    return direction(request) == SafeDirection.DECREASE && p.kind() == ActionKind.CONTINUOUS_RATE && p.value() == 0.0
        && dose.action().isPresent() && dose.action().get().value().value() == 0.0;
  }

  private static SafetyDecision combine(List<SafetyFinding> twinFindings, DoseCheck.Result dose) {
    List<SafetyFinding> all = new ArrayList<>(twinFindings);
    all.addAll(dose.findings());
    if (!twinFindings.isEmpty() || dose.action().isEmpty()) {
      return SafetyDecision.withheld(all);
    }
    var outcome = dose.clipped() ? SafetyDecision.Outcome.CLIPPED : SafetyDecision.Outcome.PASSED;
    return new SafetyDecision(outcome, dose.action(), all, dose.overrideRequired());
  }
}
