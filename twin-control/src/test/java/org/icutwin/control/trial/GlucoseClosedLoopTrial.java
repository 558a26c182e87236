package org.icutwin.control.trial;

import java.util.ArrayList;
import java.util.List;
import org.icutwin.control.mpc.ControlProblem;
import org.icutwin.control.mpc.MpcConfig;
import org.icutwin.control.mpc.MpcResult;
import org.icutwin.control.mpc.NextMeasurement;
import org.icutwin.control.mpc.NonlinearMpc;
import org.icutwin.control.mpc.SolveStatus;
import org.icutwin.core.catalog.BergmanInsulinModel;
import org.icutwin.core.catalog.ModelCatalog;
import org.icutwin.core.model.Covariates;
import org.icutwin.core.model.NoiseModel;
import org.icutwin.core.model.ParameterVectors;
import org.icutwin.core.simulation.DoseEvent;
import org.icutwin.core.simulation.DosingSchedule;
import org.icutwin.core.virtual.CgmSensor;
import org.icutwin.core.virtual.GlucoseCohort;
import org.icutwin.core.virtual.GlucosePatientSpec;
import org.icutwin.core.virtual.IcingGlucosePatient;
import org.icutwin.core.virtual.Reading;
import org.icutwin.core.virtual.SampledSensor;
import org.icutwin.core.virtual.Sensor;
import org.icutwin.estimation.Observation;
import org.icutwin.estimation.filter.EstimatedParameter;
import org.icutwin.estimation.filter.EstimationSetup;
import org.icutwin.estimation.filter.Propagators;
import org.icutwin.estimation.filter.UnscentedKalmanFilter;
import org.icutwin.estimation.timeline.FilterTimeline;
import org.icutwin.estimation.timeline.TimelineConfig;

/**
 * An in-silico closed-loop glucose trial: ICING-structure virtual patients (not the twin's model;
 * drifting insulin sensitivity, gut absorption, feed interruptions, sensor error and artefacts)
 * controlled for 72 h by twin (Bergman UKF, p3 and Gb estimated) + MPC, every proposal accepted
 * as a clinician would after the safety checks. Blood glucose is measured when the controller
 * advises (1-4 h) or every 5 min by CGM (decisions every 30 min), and whenever the nutrition
 * changes (the twin re-plans on every recorded input change). Outcomes per Finfer 2013: time
 * in 4.4-8.0 mmol/L from true glucose every 5 min, time below 4.0, patients with any true value
 * below 2.2.
 */
final class GlucoseClosedLoopTrial {
  static final BergmanInsulinModel MODEL = ModelCatalog.insulinBergman();
  static final double HOURS = 72;
  /** Glucose process noise, mmol/L per √min: about 0.4 mmol/L per hour of unmodelled change. */
  static final double GLUCOSE_PROCESS_SD = Double.parseDouble(System.getProperty("trial.gsd", "0.05"));

  record Outcome(double timeInBand, double timeBelow4, double minimum, int measurements, int failedSolves, int rescues) {}

  record Summary(List<Outcome> patients) {
    double meanTimeInBand() {
      return patients.stream().mapToDouble(Outcome::timeInBand).average().orElseThrow();
    }

    double meanTimeBelow4() {
      return patients.stream().mapToDouble(Outcome::timeBelow4).average().orElseThrow();
    }

    long patientsBelow2point2() {
      return patients.stream().filter(o -> o.minimum() < 2.2).count();
    }

    double measurementsPerDay() {
      return patients.stream().mapToDouble(Outcome::measurements).average().orElseThrow() / (HOURS / 24);
    }

    @Override
    public String toString() {
      return String.format(java.util.Locale.ROOT,
          "%d patients: time in 4.4-8.0 %.1f%%, time < 4.0 %.2f%%, patients with true BG < 2.2: %d, lowest %.2f mmol/L, measurements/day %.1f, failed solves %d, dextrose rescues %d",
          patients.size(), 100 * meanTimeInBand(), 100 * meanTimeBelow4(), patientsBelow2point2(),
          patients.stream().mapToDouble(Outcome::minimum).min().orElseThrow(), measurementsPerDay(),
          patients.stream().mapToInt(Outcome::failedSolves).sum(), patients.stream().mapToInt(Outcome::rescues).sum());
    }
  }

  static Summary run(int n, long seed, boolean cgm) {
    var out = new ArrayList<Outcome>();
    List<GlucosePatientSpec> cohort = GlucoseCohort.generate(n, seed);
    for (int i = 0; i < n; i++) {
      out.add(runPatient(cohort.get(i), seed * 1000 + i, cgm));
    }
    return new Summary(out);
  }

  static Outcome runPatient(GlucosePatientSpec spec, long seed, boolean cgm) {
    IcingGlucosePatient patient = spec.start();
    double[] theta = ParameterVectors.typical(MODEL, Covariates.none().weightKg(spec.weightKg()));
    var setup = new EstimationSetup(MODEL, theta,
        List.of(EstimatedParameter.drifting("p3", 0.6, 0.5), EstimatedParameter.drifting("Gb", 0.25, 0.2)),
        new double[] {spec.initialGlucoseMmolPerL(), 0, theta[BergmanInsulinModel.IB]}, new double[] {1.0, 0.003, 10},
        new double[] {GLUCOSE_PROCESS_SD, 1e-4, 0.5}, 0);
    var timeline = new FilterTimeline(new UnscentedKalmanFilter(setup, Propagators.forModel(MODEL, 1.0)), MODEL,
        TimelineConfig.defaults());
    var mpc = new NonlinearMpc(MpcConfig.insulin());
    Sensor lab = new SampledSensor(SampledSensor.Config.labGlucose(), seed);
    Sensor cgmSensor = new CgmSensor(CgmSensor.Config.typical(), seed + 7);
    NoiseModel labNoise = new NoiseModel.Combined(0.1, 0.04);
    NoiseModel cgmNoise = new NoiseModel.Combined(0.3, 0.1);
    List<DoseEvent> nutrition = spec.nutrition().events();
    int nextNutrition = 0;
    double nextDecision = 0;
    double[] previousPlan = null;
    double insulin = 0;
    int inBand = 0;
    int below4 = 0;
    int samples = 0;
    double minimum = Double.POSITIVE_INFINITY;
    int measurements = 0;
    int failed = 0;
    int rescues = 0;
    double lastRescue = Double.NEGATIVE_INFINITY;
    double latestReading = Double.NaN;
    var protocol = org.icutwin.control.mpc.HypoglycaemiaProtocol.standard();
    for (double t = 0; t <= HOURS * 60 + 1e-9; t += 5) {
      patient.advanceTo(t);
      double g = patient.trueValue("glucose");
      samples++;
      inBand += g >= 4.4 && g <= 8.0 ? 1 : 0;
      below4 += g < 4.0 ? 1 : 0;
      minimum = Math.min(minimum, g);
      while (nextNutrition < nutrition.size() && nutrition.get(nextNutrition).timeMin() <= t) {
        timeline.ingestDose("feed" + nextNutrition, nutrition.get(nextNutrition));
        nextNutrition++;
        nextDecision = t; // the twin re-plans when an input changes (e.g. the feed stops)
      }
      if (cgm) {
        Reading r = patient.read(cgmSensor);
        if (r.value().isPresent()) {
          latestReading = r.value().getAsDouble();
          timeline.ingest(Observation.of("cgm" + t, t, "glucose", latestReading, cgmNoise, "cgm"));
          measurements++;
        }
      }
      if (t + 1e-9 < nextDecision) {
        continue;
      }
      if (!cgm) {
        Reading r = patient.read(lab);
        if (r.value().isEmpty()) {
          nextDecision = t + 30; // missed sample: try again in 30 min
          continue;
        }
        latestReading = r.value().getAsDouble();
        timeline.ingest(Observation.of("bg" + t, t, "glucose", latestReading, labNoise, "lab"));
        measurements++;
      }
      // The controller plans with the feed running now; future interruptions are not known in advance.
      double[] rates = timeline.rates();
      var feedNow = DosingSchedule.empty();
      MpcResult result = mpc.propose(new ControlProblem(MODEL, timeline.snapshot(), rates, feedNow, previousPlan));
      if (result.status() == SolveStatus.FAILED) {
        failed++;
        nextDecision = t + 60;
        continue;
      }
      var est = timeline.estimate();
      double proposed = protocol.suspendsInsulin(latestReading) ? 0.0 : result.proposedRate();
      var dextrose = protocol.dextrose(latestReading, est.mean(0), est.sd(0), t - lastRescue);
      if (dextrose.isPresent() && proposed == 0) {
        patient.giveBolus("dextrose_bolus", dextrose.getAsDouble());
        timeline.ingestDose("dextrose" + t, new DoseEvent.Bolus(t, "dextrose_bolus", dextrose.getAsDouble()));
        lastRescue = t;
        rescues++;
      }
      if (proposed != insulin) {
        insulin = proposed;
        patient.setRate("insulin_iv", insulin);
        timeline.ingestDose("insulin" + t, new DoseEvent.RateChange(t, "insulin_iv", insulin));
      }
      previousPlan = result.plan();
      nextDecision = t + (cgm ? 30 : t - lastRescue < 1 ? 30 : NextMeasurement.suggestMinutes(result, mpc.config(), t, 60, 240));
    }
    return new Outcome((double) inBand / samples, (double) below4 / samples, minimum, measurements, failed, rescues);
  }
}
