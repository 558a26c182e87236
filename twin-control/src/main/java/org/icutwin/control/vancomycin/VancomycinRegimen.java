package org.icutwin.control.vancomycin;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A proposed intermittent regimen: an optional loading dose at {@code firstDoseMin}, then
 * {@code maintenanceDoseMg} every {@code intervalH} hours, each infused over
 * {@code infusionDurationH} hours.
 *
 * <p>Without a loading dose the first maintenance dose is at {@code firstDoseMin}; with one, the
 * first maintenance dose follows one interval after it (start of loading + τ).
 *
 * @param loadingDose the loading infusion, if any (its start is {@code firstDoseMin})
 * @param maintenanceDoseMg each maintenance dose, mg
 * @param intervalH dosing interval τ, hours
 * @param infusionDurationH duration of each maintenance infusion, hours
 * @param firstDoseMin when the regimen starts, minutes on the twin's clock
 */
public record VancomycinRegimen(Optional<VancomycinDose> loadingDose, double maintenanceDoseMg, double intervalH,
    double infusionDurationH, double firstDoseMin) {

  public VancomycinRegimen {
    loadingDose.ifPresent(d -> {
      if (d.startMin() != firstDoseMin) {
        throw new IllegalArgumentException("loading dose must start at the regimen's first dose time " + firstDoseMin
            + " min, starts at " + d.startMin());
      }
    });
    if (!(maintenanceDoseMg > 0) || !Double.isFinite(maintenanceDoseMg)) {
      throw new IllegalArgumentException("maintenance dose must be finite and > 0 mg, was " + maintenanceDoseMg);
    }
    if (!(infusionDurationH > 0) || !(intervalH > infusionDurationH) || !Double.isFinite(intervalH)) {
      throw new IllegalArgumentException("need 0 < infusion duration < interval (finite), got " + infusionDurationH
          + " h and " + intervalH + " h");
    }
    if (!Double.isFinite(firstDoseMin)) {
      throw new IllegalArgumentException("first dose time must be finite, was " + firstDoseMin);
    }
  }

  /** Start of the first maintenance dose, minutes. */
  public double firstMaintenanceMin() {
    return firstDoseMin + (loadingDose.isPresent() ? intervalH * 60.0 : 0.0);
  }

  /** Every dose of the regimen that starts before {@code untilMin}, in time order. */
  public List<VancomycinDose> dosesUntil(double untilMin) {
    var out = new ArrayList<VancomycinDose>();
    loadingDose.filter(d -> d.startMin() < untilMin).ifPresent(out::add);
    for (double t = firstMaintenanceMin(); t < untilMin; t += intervalH * 60.0) {
      out.add(new VancomycinDose(t, maintenanceDoseMg, infusionDurationH * 60.0));
    }
    return List.copyOf(out);
  }
}
