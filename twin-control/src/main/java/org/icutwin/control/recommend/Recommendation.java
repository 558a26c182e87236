package org.icutwin.control.recommend;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.icutwin.control.mpc.ActiveConstraint;
import org.icutwin.control.safety.SafeAction;
import org.icutwin.control.safety.SafetyDecision;
import org.icutwin.estimation.filter.Forecast;

/**
 * A dose proposal for a clinician to accept, modify or reject — never actuated by itself.
 *
 * @param drug drug id of the library
 * @param careArea care area of the library entry
 * @param issuedAtMin the twin time it was computed for
 * @param expiresAtMin after this it must not be accepted (the data it rests on are too old)
 * @param safety the safety envelope's verdict; its action (if any) is what may be given
 * @param planRates the controller's plan over the horizon, in {@code planUnit}
 * @param planUnit unit of the plan (the model's rate unit)
 * @param blockStartsMin start of each move of the plan
 * @param underProposal predicted output with 90% intervals if the plan is followed
 * @param continueAsNow predicted output with 90% intervals if the current rate is kept
 * @param activeConstraints the controller constraints that shaped the plan
 * @param reasons why, in the controller's terms (safety findings are in {@code safety})
 * @param dextroseMmol an intravenous dextrose bolus proposed by the hypoglycaemia protocol, if any
 * @param nextMeasurementAtMin when the next measurement of the controlled output is advised
 * @param modelId the model the twin uses
 * @param parameters the estimate at issue time in the estimator's coordinate order (states at their
 *     means, then each estimated parameter at its median); a twin names them (ProposalDraft)
 */
public record Recommendation(String drug, String careArea, double issuedAtMin, double expiresAtMin,
    SafetyDecision safety, double[] planRates, String planUnit, double[] blockStartsMin,
    List<Forecast.Point> underProposal, List<Forecast.Point> continueAsNow, List<ActiveConstraint> activeConstraints,
    List<RecommendationReason> reasons, OptionalDouble dextroseMmol, double nextMeasurementAtMin, String modelId,
    double[] parameters) {

  public Recommendation {
    planRates = planRates.clone();
    blockStartsMin = blockStartsMin.clone();
    underProposal = List.copyOf(underProposal);
    continueAsNow = List.copyOf(continueAsNow);
    activeConstraints = List.copyOf(activeConstraints);
    reasons = List.copyOf(reasons);
    parameters = parameters.clone();
  }

  @Override
  public double[] planRates() {
    return planRates.clone();
  }

  @Override
  public double[] blockStartsMin() {
    return blockStartsMin.clone();
  }

  @Override
  public double[] parameters() {
    return parameters.clone();
  }

  /** The action that may be given now, if the envelope let one through. */
  public Optional<SafeAction> action() {
    return safety.action();
  }
}
