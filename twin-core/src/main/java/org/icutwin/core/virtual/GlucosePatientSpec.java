package org.icutwin.core.virtual;

import org.icutwin.core.simulation.DosingSchedule;

/**
 * One drawn glucose-insulin virtual patient: covariates, truth parameters and nutrition plan.
 *
 * @param id patient id
 * @param weightKg body weight (kg)
 * @param diabetic whether the patient has diabetes (reduced secretion, lower SI)
 * @param initialGlucoseMmolPerL admission glucose (mmol/L)
 * @param parameters truth parameters, including the SI(t) path
 * @param nutrition enteral/parenteral/dextrose rate changes (mmol/min) over the stay, with interruptions
 */
public record GlucosePatientSpec(String id, double weightKg, boolean diabetic, double initialGlucoseMmolPerL,
    IcingParameters parameters, DosingSchedule nutrition) {

  /** A fresh patient at t = 0 with no nutrition applied (the caller may {@code follow} it). */
  public IcingGlucosePatient create() {
    return new IcingGlucosePatient(id, parameters, weightKg, initialGlucoseMmolPerL);
  }

  /** A fresh patient at t = 0 that follows its nutrition plan. */
  public IcingGlucosePatient start() {
    IcingGlucosePatient p = create();
    p.follow(nutrition);
    return p;
  }
}
