package org.icutwin.control.safety;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.icutwin.core.druglib.DoseLimits;
import org.icutwin.core.druglib.DrugLibraryEntry;
import org.icutwin.core.units.ConversionContext;
import org.icutwin.core.units.Quantity;
import org.icutwin.core.units.UnitException;
import org.icutwin.core.units.Units;

/**
 * Checks one proposed value against the drug library, in the library's unit, and moves it only toward safety.
 *
 * <p>Order: library entry, finiteness, body weight, unit conversion (each withholds); then for a
 * controller's proposal the rate-of-change clip, the hard maximum and minimum, the per-weight
 * hard maximum, the 24-h cap and the infusion rate (each clips, or withholds when clipping would
 * raise a dose); last the soft limits (override). In clinician mode nothing is clipped: a value a
 * clinician typed is given as typed or refused, never silently changed.
 */
final class DoseCheck {
  private static final double MINUTES_PER_DAY = 24 * 60;
  /** Conversions (e.g. 500 mU/min x 0.06) land a few ulps off a limit; that is the limit itself, not a breach. */
  private static final double ROUND_OFF = 1e-12;

  /** The checked value, or absence, with what was found. */
  record Result(Optional<SafeAction> action, List<SafetyFinding> findings, boolean clipped, boolean overrideRequired) {}

  private final SafetyRequest request;
  private final boolean clinicianMode;
  private final double continuousStepMin;
  private final List<SafetyFinding> findings = new ArrayList<>();
  private boolean withheld;
  private boolean clipped;
  private boolean softExceeded;

  private DoseCheck(SafetyRequest request, boolean clinicianMode, double continuousStepMin) {
    this.request = request;
    this.clinicianMode = clinicianMode;
    this.continuousStepMin = continuousStepMin;
  }

  static Result evaluate(SafetyRequest request, boolean clinicianMode, double continuousStepMin) {
    return evaluate(request, clinicianMode, continuousStepMin, false);
  }

  /** @param decreaseIsSafe reductions of this drug are never step-limited (e.g. insulin) */
  static Result evaluate(SafetyRequest request, boolean clinicianMode, double continuousStepMin, boolean decreaseIsSafe) {
    DoseCheck check = new DoseCheck(request, clinicianMode, continuousStepMin);
    check.decreaseIsSafe = decreaseIsSafe;
    return check.run();
  }

  private boolean decreaseIsSafe;

  private Result run() {
    ProposedAction p = request.proposal();
    Optional<DrugLibraryEntry> entry = request.entry()
        .filter(e -> e.drug().equals(p.drug()) && e.careArea().equals(p.careArea()));
    if (entry.isEmpty()) {
      return withhold(SafetyReason.NO_LIBRARY_ENTRY, "no drug library entry for " + p.drug() + "@" + p.careArea()
          + request.entry().map(e -> " (the entry given is " + e.id() + ")").orElse(""));
    }
    DrugLibraryEntry e = entry.get();
    Optional<DoseLimits> limits = p.kind() == ActionKind.CONTINUOUS_RATE
        ? e.doseRate().map(r -> r.limits()) : e.dose();
    if (limits.isEmpty()) {
      return withhold(SafetyReason.NO_LIBRARY_ENTRY, e.id() + " has no limits for a " + p.kind());
    }
    if (!Double.isFinite(p.value()) || !Double.isFinite(p.effectiveTimeMin())) {
      return withhold(SafetyReason.NON_FINITE, "proposed value " + p.value() + " " + p.unit() + " at t="
          + p.effectiveTimeMin() + " min is not finite");
    }
    if (p.durationMin().isPresent() && !(p.durationMin().getAsDouble() > 0
        && Double.isFinite(p.durationMin().getAsDouble()))) {
      return withhold(SafetyReason.NON_FINITE, "duration " + p.durationMin().getAsDouble() + " min must be finite and > 0");
    }
    ConversionContext ctx = ConversionContext.none();
    if (request.bodyWeightKg().isPresent()) {
      try {
        ctx = ConversionContext.bodyWeight(request.bodyWeightKg().getAsDouble());
      } catch (UnitException ex) {
        return withhold(SafetyReason.MISSING_BODY_WEIGHT, ex.getMessage());
      }
    }
    DoseLimits lim = limits.get();
    OptionalDouble converted = convert(p.value(), p.unit(), lim.unit(), ctx, "proposed value");
    if (converted.isEmpty()) {
      return result(Optional.empty());
    }
    double v = converted.getAsDouble();
    OptionalDouble duration = p.durationMin();
    if (p.kind() == ActionKind.CONTINUOUS_RATE) {
      v = limitRateChange(e, v, ctx);
    }
    v = hardLimits(lim, v, "");
    if (!withheld && p.kind() == ActionKind.DISCRETE_DOSE && e.dosePerWeight().isPresent()) {
      v = perWeightHardMax(e.dosePerWeight().get(), lim.unit(), v, ctx);
    }
    if (!withheld && e.cumulative24hMax().isPresent()) {
      v = cumulativeCap(e.cumulative24hMax().get(), lim.unit(), v, ctx);
    }
    if (!withheld && p.kind() == ActionKind.DISCRETE_DOSE && e.maxInfusionRate().isPresent()) {
      duration = infusionRate(e.maxInfusionRate().get(), lim.unit(), v, duration, ctx);
    }
    if (withheld) {
      return result(Optional.empty());
    }
    if (p.kind() == ActionKind.CONTINUOUS_RATE && !clinicianMode) {
      v = onPumpGrid(e, lim, v, ctx);
    }
    OptionalDouble runningNow = p.kind() == ActionKind.CONTINUOUS_RATE ? runningRate(lim.unit(), ctx) : OptionalDouble.empty();
    softLimits(lim, v, "", runningNow);
    if (p.kind() == ActionKind.DISCRETE_DOSE && e.dosePerWeight().isPresent()) {
      OptionalDouble perKg = convert(v, lim.unit(), e.dosePerWeight().get().unit(), ctx, "dose per weight");
      perKg.ifPresent(x -> softLimits(e.dosePerWeight().get(), x, " per weight", OptionalDouble.empty()));
    }
    return result(Optional.of(new SafeAction(p.drug(), p.careArea(), p.kind(), Quantity.of(v, lim.unit()),
        p.effectiveTimeMin(), duration)));
  }

  /**
   * A controller's rate as a multiple of the pump's programming increment (when the library gives
   * one). An increase becomes the multiple below it, if that is still at least the running rate; a
   * decrease the multiple above it, if that is still at most the running rate and within the upper
   * limits, else the multiple below it, if within the lower limits. Otherwise the rate stays as
   * checked. So the rounded rate never goes beyond the proposal and the running rate in the
   * direction of more drug, never turns an increase into a decrease, and keeps every limit the
   * checked rate kept: rounding down cannot break an upper limit (hard max, step up, 24-h cap) nor
   * rounding up a lower one (hard min, step down), so each side checks only the other kind. A
   * clinician's rate is never rounded.
   */
  private double onPumpGrid(DrugLibraryEntry e, DoseLimits lim, double v, ConversionContext ctx) {
    var rate = e.doseRate().get();
    double[] g = rate.gridNeighbours(v);
    if (g[0] == g[1]) {
      return g[0];
    }
    OptionalDouble c = runningRate(lim.unit(), ctx);
    double tol = 1e-9 * Math.max(1, Math.abs(v));
    boolean downOk = g[0] == 0 || (g[0] >= lim.hardMin().orElse(0.0) - tol
        && (decreaseIsSafe || c.isEmpty() || rate.maxChangePerStep().isEmpty()
            || g[0] >= c.getAsDouble() - rate.maxChangePerStep().getAsDouble() - tol));
    boolean upOk = (lim.hardMax().isEmpty() || g[1] <= lim.hardMax().getAsDouble() + tol)
        && (c.isEmpty() || rate.maxChangePerStep().isEmpty()
            || g[1] <= c.getAsDouble() + rate.maxChangePerStep().getAsDouble() + tol)
        && (e.cumulative24hMax().isEmpty() || withinCap(e.cumulative24hMax().get(), lim.unit(), g[1], ctx));
    if (c.isEmpty()) {
      return downOk ? g[0] : v;
    }
    double current = c.getAsDouble();
    if (v > current) {
      return downOk && g[0] >= current - tol ? g[0] : v;
    }
    if (upOk && g[1] <= current + tol) {
      return g[1];
    }
    return downOk ? g[0] : v;
  }

  /** Whether rate {@code r} (in {@code unit}) for the proposal's run keeps the 24-h cap; false when anything cannot be converted. */
  private boolean withinCap(Quantity cap, String unit, double r, ConversionContext ctx) {
    try {
      double t = request.proposal().effectiveTimeMin();
      double given = 0;
      for (Administration a : request.history()) {
        if (a.timeMin() > t - MINUTES_PER_DAY && a.timeMin() <= t) {
          given += Units.convert(a.amount().value(), a.amount().unit(), cap.unit(), ctx);
        }
      }
      double runMin = request.proposal().durationMin().orElse(continuousStepMin);
      return Units.convert(r, unit, cap.unit() + "/min", ctx) * runMin <= cap.value() - given;
    } catch (UnitException ex) {
      return false;
    }
  }

  private double limitRateChange(DrugLibraryEntry e, double v, ConversionContext ctx) {
    if (clinicianMode) {
      // The titration step bounds what a controller may change unattended; a clinician sets the rate.
      return v;
    }
    if (request.currentRate().isEmpty()) {
      withhold(SafetyReason.CURRENT_RATE_UNKNOWN, "the rate running now is not known, so the change cannot be checked");
      return v;
    }
    var rate = e.doseRate().get();
    Quantity current = request.currentRate().get();
    OptionalDouble c = convert(current.value(), current.unit(), rate.unit(), ctx, "current rate");
    if (c.isEmpty() || rate.maxChangePerStep().isEmpty()) {
      return v;
    }
    double step = rate.maxChangePerStep().getAsDouble();
    // A reduction of a drug whose safe direction is down is never held back by the titration step.
    double lo = decreaseIsSafe ? Double.NEGATIVE_INFINITY : c.getAsDouble() - step;
    double hi = c.getAsDouble() + step;
    if (v > hi || v < lo) {
      double clippedValue = Math.min(hi, Math.max(lo, v));
      clip(SafetyReason.RATE_CHANGE_LIMITED, "change from " + c.getAsDouble() + " to " + v + " " + rate.unit()
          + " exceeds the maximum step " + step + "; limited to " + clippedValue);
      return clippedValue;
    }
    return v;
  }

  private double hardLimits(DoseLimits lim, double v, String what) {
    if (lim.hardMax().isPresent()) {
      double max = lim.hardMax().getAsDouble();
      if (v > max && v <= max * (1 + ROUND_OFF)) {
        v = max;
      } else if (v > max) {
        if (!refuseInClinicianMode(SafetyReason.ABOVE_HARD_MAX, v + " " + lim.unit() + what + " is above the hard max "
            + max + " " + lim.unit())) {
          clip(SafetyReason.ABOVE_HARD_MAX, v + " " + lim.unit() + what + " clipped to the hard max " + max);
          v = max;
        }
      }
    }
    // Doses cannot be negative, so 0 is a hard minimum even where the library states none.
    double min = lim.hardMin().orElse(0.0);
    if (v < min && v >= min - Math.abs(min) * ROUND_OFF) {
      v = min;
    } else if (v < min) {
      if (min == 0.0 && !clinicianMode) {
        clip(SafetyReason.BELOW_HARD_MIN, v + " " + lim.unit() + what + " is below 0; stopped at 0");
        v = 0.0;
      } else {
        // Raising a dose to a minimum the controller did not ask for would invent a dose.
        withhold(SafetyReason.BELOW_HARD_MIN, v + " " + lim.unit() + what + " is below the hard min " + min + " "
            + lim.unit() + "; not raised, a clinician decides");
      }
    }
    return v;
  }

  private double perWeightHardMax(DoseLimits perWeight, String doseUnit, double v, ConversionContext ctx) {
    OptionalDouble perKg = convert(v, doseUnit, perWeight.unit(), ctx, "dose per weight");
    if (perKg.isEmpty() || perWeight.hardMax().isEmpty()) {
      return v;
    }
    double capped = hardLimits(perWeight, perKg.getAsDouble(), " per weight");
    if (withheld || capped == perKg.getAsDouble()) {
      return v;
    }
    return Math.min(v, Units.convert(capped, perWeight.unit(), doseUnit, ctx));
  }

  private double cumulativeCap(Quantity cap, String unit, double v, ConversionContext ctx) {
    double t = request.proposal().effectiveTimeMin();
    double given = 0;
    for (Administration a : request.history()) {
      if (a.timeMin() > t - MINUTES_PER_DAY && a.timeMin() <= t) {
        OptionalDouble x = convert(a.amount().value(), a.amount().unit(), cap.unit(), ctx, "administered amount");
        if (x.isEmpty()) {
          return v;
        }
        given += x.getAsDouble();
      }
    }
    double remaining = cap.value() - given;
    boolean continuous = request.proposal().kind() == ActionKind.CONTINUOUS_RATE;
    double runMin = continuous ? request.proposal().durationMin().orElse(continuousStepMin) : 1.0;
    String amountUnit = continuous ? cap.unit() + "/min" : cap.unit();
    OptionalDouble perUnit = convert(v, unit, amountUnit, ctx, "proposed amount");
    if (perUnit.isEmpty()) {
      return v;
    }
    double amount = perUnit.getAsDouble() * runMin;
    if (amount <= 0 || amount <= remaining) {
      return v;
    }
    String context = given + " " + cap.unit() + " given in the 24 h before t=" + t + " min, cap " + cap;
    if (remaining <= 0) {
      withhold(SafetyReason.CUMULATIVE_24H_CAP, "cap reached: " + context);
      return v;
    }
    double allowed = Units.convert(remaining / runMin, amountUnit, unit, ctx);
    if (refuseInClinicianMode(SafetyReason.CUMULATIVE_24H_CAP, amount + " " + cap.unit() + " more would exceed it: "
        + context)) {
      return v;
    }
    clip(SafetyReason.CUMULATIVE_24H_CAP, context + "; " + v + " " + unit + " limited to " + allowed
        + (continuous ? " over " + runMin + " min" : ""));
    return Math.min(v, allowed);
  }

  private OptionalDouble infusionRate(Quantity maxRate, String unit, double v, OptionalDouble duration,
      ConversionContext ctx) {
    if (duration.isEmpty()) {
      withhold(SafetyReason.INFUSION_DURATION_MISSING, "the library limits the infusion rate to " + maxRate
          + " but the dose has no infusion duration");
      return duration;
    }
    OptionalDouble maxPerMin = convert(maxRate.value(), maxRate.unit(), unit + "/min", ctx, "maximum infusion rate");
    if (maxPerMin.isEmpty() || v == 0) {
      return duration;
    }
    double minDuration = v / maxPerMin.getAsDouble();
    if (duration.getAsDouble() >= minDuration) {
      return duration;
    }
    String detail = v + " " + unit + " over " + duration.getAsDouble() + " min runs faster than " + maxRate;
    if (refuseInClinicianMode(SafetyReason.INFUSION_RATE_LIMITED, detail)) {
      return duration;
    }
    // A longer infusion of the same amount is slower, never more drug.
    clip(SafetyReason.INFUSION_RATE_LIMITED, detail + "; duration lengthened to " + minDuration + " min");
    return OptionalDouble.of(minDuration);
  }

  /**
   * Soft limits need a clinician's override, except for a rate that moves back toward the soft
   * range from a running rate already beyond it: strictly lower than a running rate above the soft
   * maximum, or strictly higher than a running, nonzero rate below the soft minimum. Lowering an
   * unusually high rate must not take a new override reason; holding it, or going further out,
   * still does. The finding is kept, as information.
   */
  private void softLimits(DoseLimits lim, double v, String what, OptionalDouble runningNow) {
    switch (lim.check(v)) {
      case ABOVE_SOFT_MAX -> {
        double softMax = lim.softMax().getAsDouble();
        String detail = v + " " + lim.unit() + what + " is above the soft max " + softMax + " " + lim.unit();
        if (runningNow.isPresent() && runningNow.getAsDouble() > softMax && v < runningNow.getAsDouble()) {
          findings.add(new SafetyFinding(SafetyReason.ABOVE_SOFT_MAX, detail + "; it lowers the running "
              + runningNow.getAsDouble() + " " + lim.unit() + ", already above it, so no new override is needed"));
        } else {
          soft(SafetyReason.ABOVE_SOFT_MAX, detail);
        }
      }
      case BELOW_SOFT_MIN -> {
        double softMin = lim.softMin().getAsDouble();
        String detail = v + " " + lim.unit() + what + " is below the soft min " + softMin + " " + lim.unit();
        // A stopped infusion (0) is not a rate accepted below the soft minimum: starting one needs the override.
        if (runningNow.isPresent() && runningNow.getAsDouble() > 0 && runningNow.getAsDouble() < softMin
            && v > runningNow.getAsDouble()) {
          findings.add(new SafetyFinding(SafetyReason.BELOW_SOFT_MIN, detail + "; it raises the running "
              + runningNow.getAsDouble() + " " + lim.unit() + ", already below it, so no new override is needed"));
        } else {
          soft(SafetyReason.BELOW_SOFT_MIN, detail);
        }
      }
      default -> { }
    }
  }

  /** The rate running now in the library's unit, or empty when unknown or not convertible (never withholds). */
  private OptionalDouble runningRate(String unit, ConversionContext ctx) {
    if (request.currentRate().isEmpty()) {
      return OptionalDouble.empty();
    }
    Quantity current = request.currentRate().get();
    try {
      double r = Units.convert(current.value(), current.unit(), unit, ctx);
      return Double.isFinite(r) ? OptionalDouble.of(r) : OptionalDouble.empty();
    } catch (UnitException ex) {
      return OptionalDouble.empty();
    }
  }

  private void soft(SafetyReason reason, String detail) {
    if (request.override().isPresent()) {
      ClinicianOverride o = request.override().get();
      findings.add(new SafetyFinding(reason, detail + "; accepted by clinician " + o.clinicianId() + ": " + o.reason()));
    } else {
      softExceeded = true;
      findings.add(new SafetyFinding(reason, detail + "; needs a clinician override with a reason"));
    }
  }

  /** Converts, or withholds with UNIT_MISMATCH / MISSING_BODY_WEIGHT: a unit is never assumed. */
  private OptionalDouble convert(double value, String from, String to, ConversionContext ctx, String what) {
    try {
      return OptionalDouble.of(Units.convert(value, from, to, ctx));
    } catch (UnitException ex) {
      boolean weight = ex.reason() == UnitException.Reason.NEEDS_BODY_WEIGHT;
      withhold(weight ? SafetyReason.MISSING_BODY_WEIGHT : SafetyReason.UNIT_MISMATCH,
          what + " " + value + " '" + from + "' cannot be converted to '" + to + "': " + ex.getMessage());
      return OptionalDouble.empty();
    }
  }

  private boolean refuseInClinicianMode(SafetyReason reason, String detail) {
    if (clinicianMode) {
      withhold(reason, detail + "; a clinician's dose is refused, not changed");
    }
    return clinicianMode;
  }

  private void clip(SafetyReason reason, String detail) {
    clipped = true;
    findings.add(new SafetyFinding(reason, detail));
  }

  private Result withhold(SafetyReason reason, String detail) {
    withheld = true;
    findings.add(new SafetyFinding(reason, detail));
    return result(Optional.empty());
  }

  private Result result(Optional<SafeAction> action) {
    return new Result(withheld ? Optional.empty() : action, findings, clipped, softExceeded && !withheld);
  }
}
