package org.icutwin.control.safety;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

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
        config.stopIsSafe().contains(request.proposal().drug()));
    if (!findings.isEmpty() && isSafeStop(request, dose)) {
      // Stopping needs no prediction: an untrusted twin must not keep insulin running.
      List<SafetyFinding> all = new ArrayList<>(findings);
      all.addAll(dose.findings());
      all.add(new SafetyFinding(SafetyReason.STOP_DELIVERED_DESPITE_TWIN,
          "stopping " + request.proposal().drug() + " is delivered although the twin is not trusted"));
      return new SafetyDecision(SafetyDecision.Outcome.CLIPPED, dose.action(), all, false);
    }
    return combine(findings, dose);
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

  private boolean isSafeStop(SafetyRequest request, DoseCheck.Result dose) {
    ProposedAction p = request.proposal();
    return config.stopIsSafe().contains(p.drug()) && p.kind() == ActionKind.CONTINUOUS_RATE && p.value() == 0.0
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
