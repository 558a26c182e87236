package org.icutwin.control.vancomycin;

import java.util.List;
import java.util.Objects;
import org.icutwin.core.model.Covariate;
import org.icutwin.core.model.Covariates;
import org.icutwin.estimation.Observation;

/**
 * What the controller needs for one recommendation.
 *
 * @param covariates weight (kg), creatinine clearance (mL/min) and haemodialysis (flag), all
 *     required: none is defaulted
 * @param history vancomycin doses already given (or committed), any order
 * @param levels serum levels so far ({@code concentration}, mg/L; below-LOQ levels allowed)
 * @param nowMin the current time, minutes; no level may lie after it
 * @param nextDoseMin when the new regimen may start (≥ now), minutes
 */
public record VancomycinRequest(Covariates covariates, List<VancomycinDose> history, List<Observation> levels,
    double nowMin, double nextDoseMin) {

  public VancomycinRequest {
    Objects.requireNonNull(covariates, "covariates");
    history = List.copyOf(Objects.requireNonNull(history, "history"));
    levels = List.copyOf(Objects.requireNonNull(levels, "levels"));
    for (Covariate c : List.of(Covariate.WEIGHT_KG, Covariate.CREATININE_CLEARANCE_ML_PER_MIN,
        Covariate.HAEMODIALYSIS)) {
      covariates.require(c, "vancomycin dosing (Goti 2018 covariates)");
    }
    if (!Double.isFinite(nowMin) || !Double.isFinite(nextDoseMin) || nextDoseMin < nowMin) {
      throw new IllegalArgumentException("need finite now <= next dose time, got now=" + nowMin + ", next="
          + nextDoseMin);
    }
    for (Observation o : levels) {
      if (o.timeMin() > nowMin) {
        throw new IllegalArgumentException("level " + o.id() + " at t=" + o.timeMin() + " min is after now=" + nowMin);
      }
    }
    for (VancomycinDose d : history) {
      if (d.startMin() > nowMin) {
        throw new IllegalArgumentException("dose history has a dose at t=" + d.startMin() + " min, after now="
            + nowMin + "; pass planned doses as the regimen, not as history");
      }
    }
  }

  /** Body weight, kg. */
  public double weightKg() {
    return covariates.require(Covariate.WEIGHT_KG, "vancomycin dosing");
  }
}
