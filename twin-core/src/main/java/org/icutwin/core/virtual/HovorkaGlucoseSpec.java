package org.icutwin.core.virtual;

import org.icutwin.core.simulation.DosingSchedule;

/**
 * One drawn glucose-insulin virtual patient of Hovorka structure ({@link HovorkaGlucosePatient}).
 *
 * @param id patient id
 * @param weightKg body weight (kg)
 * @param diabetic whether the patient has diabetes (reduced secretion, lower sensitivity)
 * @param initialGlucoseMmolPerL admission glucose (mmol/L)
 * @param parameters truth parameters, including the sensitivity multiplier path
 * @param nutrition enteral/parenteral/dextrose rate changes (mmol/min) over the stay, with interruptions
 */
public record HovorkaGlucoseSpec(String id, double weightKg, boolean diabetic, double initialGlucoseMmolPerL,
    HovorkaGlucosePatient.Parameters parameters, DosingSchedule nutrition) {

  /** A fresh patient at t = 0 with no nutrition applied (the caller may {@code follow} it). */
  public HovorkaGlucosePatient create() {
    return new HovorkaGlucosePatient(id, parameters, initialGlucoseMmolPerL);
  }
}
