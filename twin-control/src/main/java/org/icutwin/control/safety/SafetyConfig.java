package org.icutwin.control.safety;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The envelope's own settings: a policy per controlled output and the planning step of continuous rates.
 *
 * @param outputs policy per output name
 * @param continuousStepMin how long a proposed rate is assumed to run before the next decision, minutes,
 *     when the proposal states no duration: the 24-h cap counts rate x this time (> 0)
 * @param stopIsSafe drugs whose safe direction is down (insulin: less cannot cause hypoglycaemia):
 *     their reductions are never limited by the titration step, and a proposal to stop them is
 *     deliverable even when the twin is not trusted, because it rests on no prediction. Not for
 *     drugs whose withdrawal is itself a hazard (a vasopressor in shock).
 * @param raiseIsSafe drugs whose immediate hazard is under-treatment (a vasopressor in shock):
 *     under a drift alert alone, an increase within the library's limits is still delivered
 * @param responses which way more of a drug moves the output it controls (insulin lowers glucose,
 *     norepinephrine raises MAP): a caller's {@link TwinStatus#response()} that contradicts this is
 *     not trusted, so a wrongly configured controller cannot open {@link SafetyReason#DRIFT_ERRS_ON_SAFE_SIDE}
 */
public record SafetyConfig(Map<String, OutputPolicy> outputs, double continuousStepMin, java.util.Set<String> stopIsSafe,
    java.util.Set<String> raiseIsSafe, Map<String, TwinStatus.OutputResponse> responses) {

  /** Insulin lowers its output, norepinephrine raises it. */
  public static final Map<String, TwinStatus.OutputResponse> DEFAULT_RESPONSES = Map.of(
      "insulin", TwinStatus.OutputResponse.FALLS_WITH_RATE, "norepinephrine", TwinStatus.OutputResponse.RISES_WITH_RATE);

  public SafetyConfig {
    outputs = Map.copyOf(outputs);
    responses = Map.copyOf(responses);
    stopIsSafe = java.util.Set.copyOf(stopIsSafe);
    raiseIsSafe = java.util.Set.copyOf(raiseIsSafe);
    for (String d : stopIsSafe) {
      if (raiseIsSafe.contains(d)) {
        throw new IllegalArgumentException("drug " + d + " cannot be safe in both directions");
      }
    }
    if (!(continuousStepMin > 0) || Double.isInfinite(continuousStepMin)) {
      throw new IllegalArgumentException("continuous step must be finite and > 0 min, was " + continuousStepMin);
    }
  }

  /** A configuration from a list of policies. */
  public static SafetyConfig of(double continuousStepMin, List<OutputPolicy> policies) {
    return of(continuousStepMin, policies, java.util.Set.of("insulin"), java.util.Set.of("norepinephrine"));
  }

  /** A configuration with explicit safe directions (drug ids as in the drug library). */
  public static SafetyConfig of(double continuousStepMin, List<OutputPolicy> policies, java.util.Set<String> stopIsSafe,
      java.util.Set<String> raiseIsSafe) {
    var map = new LinkedHashMap<String, OutputPolicy>();
    for (OutputPolicy p : policies) {
      if (map.putIfAbsent(p.output(), p) != null) {
        throw new IllegalArgumentException("two policies for output " + p.output());
      }
    }
    return new SafetyConfig(map, continuousStepMin, stopIsSafe, raiseIsSafe, DEFAULT_RESPONSES);
  }

  /**
   * Glucose (4 h, 0-40 mmol/L) and MAP under the output name "map" (5 min, 0-250 mm[Hg]); 60-min
   * rate step; insulin's safe direction is down, norepinephrine's up.
   */
  public static SafetyConfig defaults() {
    return of(60, List.of(OutputPolicy.glucose(), OutputPolicy.meanArterialPressure("map")));
  }

  /** The policy for an output, if configured. */
  public Optional<OutputPolicy> policy(String output) {
    return Optional.ofNullable(outputs.get(output));
  }
}
