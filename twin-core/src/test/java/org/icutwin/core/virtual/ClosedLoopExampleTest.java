package org.icutwin.core.virtual;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * How a closed-loop trial drives a virtual patient: read sensors, decide, set rates, advance.
 * The "controller" here is a crude sliding scale standing in for the MPC (not a controller under test).
 */
class ClosedLoopExampleTest {

  @Test
  void slidingScaleOnLabReadingsLowersGlucoseButMeetsSensorTruth() {
    GlucosePatientSpec spec = GlucoseCohort.generate(5, 7L).get(1);
    IcingGlucosePatient patient = spec.start(); // follows its nutrition plan, with interruptions
    var lab = new SampledSensor(SampledSensor.Config.labGlucose(), 11L);
    var cgm = new CgmSensor(CgmSensor.Config.typical(), 12L);
    double[] sampleTimes = SampledSensor.irregularTimes(13L, 0, 48 * 60, 60, 240);
    int next = 0;
    double lastLab = Double.NaN;
    int cgmReadings = 0;
    for (double t = 0; t <= 48 * 60; t += 5) {
      patient.advanceTo(t);
      if (cgm.read(t, patient.trueValue("glucose")).value().isPresent()) {
        cgmReadings++;
      }
      if (next < sampleTimes.length && sampleTimes[next] <= t) {
        next++;
        Reading r = patient.read(lab);
        if (r.value().isPresent()) { // a missed sample changes nothing
          lastLab = r.value().getAsDouble();
          double unitsPerHour = Math.min(Math.max(lastLab - 7.0, 0.0), 8.0);
          patient.setRate("insulin_iv", unitsPerHour * 1000 / 60); // mU/min
        }
      }
    }
    assertThat(patient.trueValue("glucose")).isBetween(3.0, 14.0);
    assertThat(patient.trueEquivalentSI()).isPositive();
    assertThat(cgmReadings).isGreaterThan(400);
    assertThat(lastLab).isFinite();
  }
}
