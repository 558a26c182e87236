package org.icutwin.estimation.timeline;

/**
 * Plausibility limits for one measured quantity, in the model output's unit.
 *
 * @param measurement model output name
 * @param minPlausible lowest physiologically possible value
 * @param maxPlausible highest physiologically possible value
 * @param maxRatePerMin largest possible |change| per minute between consecutive readings of one sensor
 * @param flatLineCount this many consecutive readings of one sensor within {@code flatLineTolerance}
 *     of each other count as a flat line (the last and later ones are rejected until the value moves)
 * @param flatLineTolerance absolute tolerance for "the same value"
 * @param flatLineSpanMin for a continuous sensor, three or more consecutive readings the same (within
 *     the tolerance) over this many minutes or more also count as a flat line: a CGM that comes back
 *     from a dropout repeating its last value is stuck ({@code +∞}: no such rule)
 * @param continuousIntervalMin a sensor whose readings come at least this often (median interval over
 *     its recent readings, minutes) counts as continuous for {@code flatLineSpanMin}
 */
public record QualityRule(String measurement, double minPlausible, double maxPlausible, double maxRatePerMin,
    int flatLineCount, double flatLineTolerance, double flatLineSpanMin, double continuousIntervalMin) {

  public QualityRule {
    if (!(minPlausible < maxPlausible) || !(maxRatePerMin > 0) || flatLineCount < 2 || !(flatLineTolerance >= 0)
        || !(flatLineSpanMin > 0) || !(continuousIntervalMin >= 0)) {
      throw new IllegalArgumentException("inconsistent quality rule for " + measurement);
    }
  }

  /** A rule without the continuous-sensor span test. */
  public QualityRule(String measurement, double minPlausible, double maxPlausible, double maxRatePerMin,
      int flatLineCount, double flatLineTolerance) {
    this(measurement, minPlausible, maxPlausible, maxRatePerMin, flatLineCount, flatLineTolerance,
        Double.POSITIVE_INFINITY, 0);
  }

  /**
   * Defaults for the catalog's outputs; sources and reasoning in docs/estimation.md. Glucose:
   * 0.5-60 mmol/L, at most 1 mmol/L per minute between readings of one sensor (a dextrose bolus
   * raises plasma glucose by a few mmol/L within minutes), 6 equal readings or, from a sensor reporting
   * at least every 15 min, three equal readings spanning 30 min are a flat line; MAP 10-250 mm[Hg],
   * 40 mm[Hg]/min; drug concentrations 0-1000 amount/L.
   */
  public static java.util.Map<String, QualityRule> defaults() {
    return java.util.Map.of(
        "glucose", new QualityRule("glucose", 0.5, 60, 1.0, 6, 1e-6, 30, 15),
        "map", new QualityRule("map", 10, 250, 40, 10, 1e-6),
        "concentration", new QualityRule("concentration", 0, 1000, 1000, 1000, 0));
  }
}
