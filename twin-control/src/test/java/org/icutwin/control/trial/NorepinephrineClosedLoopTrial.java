package org.icutwin.control.trial;

import java.util.ArrayList;
import java.util.List;
import org.icutwin.control.mpc.ControlProblem;
import org.icutwin.control.mpc.MpcConfig;
import org.icutwin.control.mpc.NonlinearMpc;
import org.icutwin.control.mpc.Plan;
import org.icutwin.control.recommend.InfusionRecommender;
import org.icutwin.control.recommend.Recommendation;
import org.icutwin.control.safety.SafetyConfig;
import org.icutwin.control.safety.SafetyEnvelope;
import org.icutwin.control.twin.DriftMonitoring;
import org.icutwin.control.twin.NorepinephrineSettings;
import org.icutwin.control.twin.TwinKind;
import org.icutwin.core.units.ConversionContext;
import org.icutwin.core.units.Units;
import org.icutwin.core.catalog.ModelCatalog;
import org.icutwin.core.catalog.PkPdModel;
import org.icutwin.core.model.Covariates;
import org.icutwin.core.model.NoiseModel;
import org.icutwin.core.model.ParameterVectors;
import org.icutwin.core.simulation.DoseEvent;
import org.icutwin.core.simulation.DosingSchedule;
import org.icutwin.core.virtual.ArterialLineSensor;
import org.icutwin.core.virtual.NorepinephrineCohort;
import org.icutwin.core.virtual.NorepinephrinePatient;
import org.icutwin.core.virtual.Reading;
import org.icutwin.estimation.Observation;
import org.icutwin.estimation.filter.EstimationSetup;
import org.icutwin.estimation.filter.Propagators;
import org.icutwin.estimation.filter.UnscentedKalmanFilter;
import org.icutwin.estimation.timeline.FilterTimeline;
import org.icutwin.estimation.timeline.TimelineConfig;

/**
 * An in-silico closed-loop vasopressor trial: septic-shock virtual patients (two-compartment PK
 * with an effect-site delay, sigmoid effect, tolerance, a baseline MAP that falls to a nadir and
 * recovers; not the twin's one-compartment direct-effect model) on an arterial line read every
 * minute with noise, flush spikes, zeroing drops and gaps. The twin is the production one
 * ({@code NorepinephrineSettings} and {@code DriftMonitoring}: norepinephrine-map UKF,
 * MAP0 estimated as a drifting parameter) and proposes every 5 minutes through the full chain (MPC,
 * safety envelope against the shipped library); every deliverable proposal is applied, a withheld
 * one leaves the rate as it is. Outcomes from the true MAP every minute: time in 65-75 mm[Hg], time below 65.
 */
final class NorepinephrineClosedLoopTrial {
  static final PkPdModel MODEL = ModelCatalog.norepinephrineMap();
  static final double HOURS = 24;

  record Outcome(double timeInBand, double timeBelow65, double timeBelow65AfterFirstHour, double meanDoseUgPerKgPerMin, int withheld) {}

  record Summary(List<Outcome> patients) {
    double meanTimeInBand() {
      return patients.stream().mapToDouble(Outcome::timeInBand).average().orElseThrow();
    }

    double meanTimeBelow65() {
      return patients.stream().mapToDouble(Outcome::timeBelow65).average().orElseThrow();
    }

    /** Proposals withheld by the safety envelope, all patients. */
    int withheld() {
      return patients.stream().mapToInt(Outcome::withheld).sum();
    }

    /** Time below 65 once the first hour (bringing an untreated patient up) is over. */
    double meanTimeBelow65AfterFirstHour() {
      return patients.stream().mapToDouble(Outcome::timeBelow65AfterFirstHour).average().orElseThrow();
    }

    @Override
    public String toString() {
      return String.format(java.util.Locale.ROOT,
          "%d patients: time in 65-75 mm[Hg] %.1f%%, time below 65 %.2f%% (%.2f%% after the first hour), mean dose %.3f ug/kg/min, withheld proposals %d",
          patients.size(), 100 * meanTimeInBand(), 100 * meanTimeBelow65(), 100 * meanTimeBelow65AfterFirstHour(),
          patients.stream().mapToDouble(Outcome::meanDoseUgPerKgPerMin).average().orElseThrow(),
          patients.stream().mapToInt(Outcome::withheld).sum());
    }
  }

  /** The production twin's MPC for a patient of this weight (default band 65-75 mm[Hg]). */
  static MpcConfig config(double weightKg) {
    return NorepinephrineSettings.mpc(java.util.Optional.empty(), weightKg);
  }

  static Summary run(int n, long seed) {
    var out = new ArrayList<Outcome>();
    List<NorepinephrineCohort.Spec> cohort = NorepinephrineCohort.generate(n, seed);
    for (int i = 0; i < n; i++) {
      out.add(runPatient(cohort.get(i), seed * 1000 + i));
    }
    return new Summary(out);
  }

  static Outcome runPatient(NorepinephrineCohort.Spec spec, long seed) {
    NorepinephrinePatient patient = spec.create();
    double[] theta = ParameterVectors.typical(MODEL, Covariates.none().weightKg(spec.weightKg()));
    EstimationSetup setup = NorepinephrineSettings.estimation(MODEL, theta);
    var timeline = new FilterTimeline(new UnscentedKalmanFilter(setup, Propagators.forModel(MODEL, 1.0)), MODEL,
        TimelineConfig.defaults());
    var recommender = new InfusionRecommender(new NonlinearMpc(config(spec.weightKg())),
        new SafetyEnvelope(SafetyConfig.defaults()), GlucoseClosedLoopTrial.LIBRARY.find("norepinephrine", "adult-icu"),
        "norepinephrine", "adult-icu", java.util.Optional.empty(), 10);
    var line = new ArterialLineSensor(ArterialLineSensor.Config.typical(), seed);
    NoiseModel lineNoise = new NoiseModel.Additive(3.0);
    double rate = 0;
    Plan previousPlan = null;
    int inBand = 0;
    int below = 0;
    int belowLater = 0;
    int samples = 0;
    double doseSum = 0;
    int withheld = 0;
    for (double t = 1; t <= HOURS * 60 + 1e-9; t += 1) {
      patient.advanceTo(t);
      double map = patient.trueValue("map");
      samples++;
      inBand += map >= 65 && map <= 75 ? 1 : 0;
      below += map < 65 ? 1 : 0;
      belowLater += map < 65 && t > 60 ? 1 : 0;
      doseSum += rate / spec.weightKg();
      Reading r = patient.read(line);
      if (r.value().isPresent()) {
        timeline.ingest(Observation.of("map" + t, t, "map", r.value().getAsDouble(), lineNoise, "art-line"));
      }
      if (Math.round(t) % 5 != 0) {
        continue;
      }
      var context = new InfusionRecommender.Context(List.of(), java.util.OptionalDouble.of(spec.weightKg()),
          timeline.lastAppliedTime("map"), Double.NaN, DriftMonitoring.drift(timeline, TwinKind.NOREPINEPHRINE_MAP).status(), Double.POSITIVE_INFINITY);
      Recommendation rec = recommender.recommend(
          new ControlProblem(MODEL, timeline.snapshot(), timeline.rates(), DosingSchedule.empty(), previousPlan, t), context);
      if (rec.action().isEmpty()) {
        withheld++; // the clinician keeps the rate and reviews
        continue;
      }
      var given = rec.action().get().value();
      double proposed = Units.convert(given.value(), given.unit(), "ug/min", ConversionContext.bodyWeight(spec.weightKg()));
      if (proposed != rate) {
        rate = proposed;
        patient.setRate("infusion", rate);
        timeline.ingestDose("ne" + t, new DoseEvent.RateChange(t, "infusion", rate));
      }
      previousPlan = new Plan(rec.planRates(), rec.blockStartsMin());
    }
    return new Outcome((double) inBand / samples, (double) below / samples, (double) belowLater / (samples - 60),
        doseSum / samples, withheld);
  }
}
