package org.icutwin.control.twin;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.icutwin.core.units.Quantity;

/**
 * A proposal as the twin computed it, before anyone saw it: what to give, why, with what predicted
 * effect and uncertainty, and what the safety envelope made of it. Never actuated by itself.
 *
 * @param drug drug library id
 * @param careArea care area of the library entry
 * @param kind a continuous rate or a dosing regimen
 * @param proposed the deliverable rate or dose in the library's unit; empty when withheld
 * @param current the rate running now (rates only)
 * @param regimen the dosing regimen (vancomycin), when {@code kind} is REGIMEN
 * @param plan the controller's plan over its horizon (rates in the library's unit); the first
 *     step is the proposal before the safety envelope
 * @param issuedAt the data time it was computed for
 * @param expiresAt after this it must not be accepted
 * @param decision the safety envelope's verdict: {@code PASSED}, {@code CLIPPED} or {@code WITHHELD}
 * @param overrideRequired a soft limit is exceeded: accepting needs a clinician's reason
 * @param reasons controller reason codes, in order
 * @param safetyReasons safety envelope reason codes, in order
 * @param dextroseMmol an IV dextrose rescue proposed by the hypoglycaemia protocol, if any
 * @param nextMeasurementAt when the next measurement of the controlled quantity is advised
 * @param outputName what the prediction describes, e.g. {@code glucose}, {@code auc24}
 * @param outputUnit its unit
 * @param underProposal predicted output if the proposal is followed
 * @param continueAsNow predicted output if nothing changes
 * @param modelId the model
 * @param parameters posterior medians used (the model version's inputs)
 * @param feedAdvice nutrition advice that comes with the proposal (glucose twins; empty otherwise)
 */
public record ProposalDraft(String drug, String careArea, Kind kind, Optional<Quantity> proposed,
    Optional<Quantity> current, Optional<Regimen> regimen, List<PlanStep> plan, Instant issuedAt, Instant expiresAt, String decision,
    boolean overrideRequired, List<String> reasons, List<String> safetyReasons, OptionalDouble dextroseMmol,
    Instant nextMeasurementAt, String outputName, String outputUnit, List<PredictionPoint> underProposal,
    List<PredictionPoint> continueAsNow, String modelId, Map<String, Double> parameters, List<FeedAdvice> feedAdvice) {

  /**
   * Advice to change a feed or a dextrose infusion, accepted or rejected with the proposal (see
   * {@link org.icutwin.control.recommend.NutritionAdvice} and
   * {@link org.icutwin.control.recommend.DextroseInfusionAdvice}); the rate enters the twin when it is reported.
   *
   * @param drug the drug library id ({@code enteral-nutrition}, {@code parenteral-nutrition}, {@code dextrose})
   * @param current the rate running now, g/h of glucose
   * @param advised the advised rate, g/h
   * @param goal the prescribed rate, g/h (for dextrose: the clinician's own rate, which the protocol
   *     adds to and weans back to)
   * @param reason a {@code NutritionAdvice.Reason} or a {@code DextroseInfusionAdvice.Reason}
   * @param safetyReasons the safety envelope's codes when it clipped the advised rate to the drug
   *     library's limits ({@code SafetyEnvelope.checkAdvice}; empty when it passed as advised, and in
   *     proposals journaled before the check existed)
   */
  public record FeedAdvice(String drug, double current, double advised, double goal, String reason,
      List<String> safetyReasons) {

    public FeedAdvice {
      safetyReasons = safetyReasons == null ? List.of() : List.copyOf(safetyReasons);
    }

    /** Advice as its rule made it, before the envelope's check. */
    public FeedAdvice(String drug, double current, double advised, double goal, String reason) {
      this(drug, current, advised, goal, reason, List.of());
    }
  }

  /** A proposal without nutrition advice. */
  public ProposalDraft(String drug, String careArea, Kind kind, Optional<Quantity> proposed, Optional<Quantity> current,
      Optional<Regimen> regimen, List<PlanStep> plan, Instant issuedAt, Instant expiresAt, String decision,
      boolean overrideRequired, List<String> reasons, List<String> safetyReasons, OptionalDouble dextroseMmol,
      Instant nextMeasurementAt, String outputName, String outputUnit, List<PredictionPoint> underProposal,
      List<PredictionPoint> continueAsNow, String modelId, Map<String, Double> parameters) {
    this(drug, careArea, kind, proposed, current, regimen, plan, issuedAt, expiresAt, decision, overrideRequired, reasons,
        safetyReasons, dextroseMmol, nextMeasurementAt, outputName, outputUnit, underProposal, continueAsNow, modelId,
        parameters, List.of());
  }

  /** A continuous infusion rate or an intermittent dosing regimen. */
  public enum Kind {
    RATE,
    REGIMEN
  }

  /**
   * An intermittent regimen.
   *
   * @param loadingDoseMg loading dose, if any
   * @param doseMg maintenance dose, mg
   * @param intervalH dosing interval, h
   * @param infusionH infusion duration, h
   * @param firstDoseAt when it starts
   */
  public record Regimen(OptionalDouble loadingDoseMg, double doseMg, double intervalH, double infusionH,
      Instant firstDoseAt) {
  }

  /** One move of the plan: from {@code start}, {@code rate} in the library's rate unit. */
  public record PlanStep(Instant start, double rate) {
  }

  public ProposalDraft {
    plan = List.copyOf(plan);
    Objects.requireNonNull(drug, "drug");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(decision, "decision");
    reasons = List.copyOf(reasons);
    safetyReasons = List.copyOf(safetyReasons);
    underProposal = List.copyOf(underProposal);
    continueAsNow = List.copyOf(continueAsNow);
    parameters = Map.copyOf(parameters);
    // Proposals journaled before nutrition advice existed have none.
    feedAdvice = feedAdvice == null ? List.of() : List.copyOf(feedAdvice);
  }

  /** Whether the envelope let anything through (a clinician may accept it). */
  public boolean deliverable() {
    return proposed.isPresent();
  }
}
