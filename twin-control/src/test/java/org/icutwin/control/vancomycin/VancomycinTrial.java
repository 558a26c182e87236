package org.icutwin.control.vancomycin;

import java.util.ArrayList;
import java.util.List;
import org.icutwin.core.model.Covariate;
import org.icutwin.core.model.Covariates;
import org.icutwin.core.model.NoiseModel;
import org.icutwin.core.simulation.DosingSchedule;
import org.icutwin.core.virtual.Reading;
import org.icutwin.core.virtual.SampledSensor;
import org.icutwin.core.virtual.VancomycinCohort;
import org.icutwin.core.virtual.VancomycinPatient;
import org.icutwin.estimation.Observation;

/**
 * A seeded closed-loop in-silico trial of the vancomycin controller against the three-compartment,
 * drifting-renal-function truth of {@link VancomycinCohort} (not the controller's model).
 *
 * <p>Per patient, 72 h: the a priori recommendation (loading + maintenance) at t = 0; a trough
 * 30 min before the first dose at or after 24 h and a peak 1 h after that dose's infusion ends,
 * read by the vancomycin assay (3.4 mg/L + 22.7%, LOQ 2 mg/L, 2% missed); after the peak the
 * controller re-plans from both levels and its regimen replaces the plan from the next dose on.
 * With {@code personalise = false} the a priori plan runs for 72 h (comparison arm).
 */
final class VancomycinTrial {
  static final double DAY = 1440;
  static final NoiseModel ASSAY_MODEL_NOISE = new NoiseModel.Combined(3.4, 0.227);

  /** Per-patient outcome: true AUC24 on day 2 (24-48 h) and day 3 (48-72 h), mg·h/L. */
  record Outcome(String id, double auc2, double auc3, boolean limitsKept, int levels, double trueClLPerH,
      double mapClLPerH, double predicted2, double predicted3) {}

  /** Fractions over patients. */
  record Summary(int n, double inBandDay2, double inBandDay3, double inBandBoth, double aboveToxicAny,
      boolean allLimitsKept, List<Outcome> outcomes) {
    @Override
    public String toString() {
      return String.format("n=%d, in 400-600: day 2 %.3f, day 3 %.3f, both %.3f; > 700 on day 2 or 3: %.3f", n,
          inBandDay2, inBandDay3, inBandBoth, aboveToxicAny);
    }
  }

  static Summary run(VancomycinDosingController controller, int n, long seed, boolean personalise) {
    return run(controller, n, seed, personalise, false);
  }

  /**
   * As above; {@code day3Trough} adds a third level, a trough 30 min before the first dose at or
   * after 48 h, after which the controller re-plans again from that dose (assumes a 30-min lab
   * turnaround).
   */
  static Summary run(VancomycinDosingController controller, int n, long seed, boolean personalise,
      boolean day3Trough) {
    var outcomes = new ArrayList<Outcome>();
    int i = 0;
    for (VancomycinCohort.Spec spec : VancomycinCohort.generate(n, seed)) {
      outcomes.add(runOne(controller, spec, seed * 31 + i++, personalise, day3Trough));
    }
    return summarise(outcomes);
  }

  private static Summary summarise(List<Outcome> outcomes) {
    int b2 = 0;
    int b3 = 0;
    int both = 0;
    int tox = 0;
    boolean kept = true;
    for (Outcome o : outcomes) {
      boolean in2 = o.auc2() >= 400 && o.auc2() <= 600;
      boolean in3 = o.auc3() >= 400 && o.auc3() <= 600;
      b2 += in2 ? 1 : 0;
      b3 += in3 ? 1 : 0;
      both += in2 && in3 ? 1 : 0;
      tox += o.auc2() > 700 || o.auc3() > 700 ? 1 : 0;
      kept &= o.limitsKept();
    }
    double m = outcomes.size();
    return new Summary(outcomes.size(), b2 / m, b3 / m, both / m, tox / m, kept, List.copyOf(outcomes));
  }

  /**
   * Early levels, as Bayesian dosing allows (Rybak 2020: levels need not be at steady state): a
   * peak 1 h after the loading dose's infusion ends and a level 30 min before the first maintenance
   * dose; the controller re-plans from both before that dose, so day 2 runs on a personalised
   * regimen. With {@code day2Trough} a third level, 30 min before the first dose at or after 24 h,
   * and a second re-plan from that dose.
   */
  static Summary runEarly(VancomycinDosingController controller, int n, long seed, boolean day2Trough) {
    var outcomes = new ArrayList<Outcome>();
    int i = 0;
    for (VancomycinCohort.Spec spec : VancomycinCohort.generate(n, seed)) {
      outcomes.add(runOneEarly(controller, spec, seed * 31 + i++, day2Trough));
    }
    return summarise(outcomes);
  }

  private static Outcome runOneEarly(VancomycinDosingController controller, VancomycinCohort.Spec spec, long sensorSeed,
      boolean day2Trough) {
    VancomycinPatient patient = spec.create();
    var sensor = new SampledSensor(SampledSensor.Config.vancomycinAssay(), sensorSeed);
    Covariates cov = covariates(spec);
    var rec0 = controller.recommend(new VancomycinRequest(cov, List.of(), List.of(), 0, 0));
    List<VancomycinDose> plan = rec0.regimen().dosesUntil(3 * DAY);
    var given = new ArrayList<VancomycinDose>();
    var levels = new ArrayList<Observation>();
    VancomycinDose loading = plan.get(0);
    double firstMaintenance = plan.get(1).startMin();
    double peak = loading.endMin() + 60;
    double trough = firstMaintenance - 30;
    giveUntil(patient, plan, given, peak);
    patient.advanceTo(peak);
    read(patient, sensor, levels, "peak");
    giveUntil(patient, plan, given, trough);
    patient.advanceTo(trough);
    read(patient, sensor, levels, "trough");
    var rec = controller.recommend(new VancomycinRequest(cov, given, levels, trough, firstMaintenance));
    double mapCl = rec.clearanceLPerH();
    double pred2 = rec.forecasts().get(0).auc24MgHPerL();
    double pred3 = rec.forecasts().get(1).auc24MgHPerL();
    plan = new ArrayList<>(given);
    plan.addAll(rec.regimen().dosesUntil(3 * DAY));
    if (day2Trough) {
      // The first dose on day 2 after the first maintenance dose (for a 24-h interval that is the
      // second maintenance dose: the level before the first one was already drawn).
      double dose2 = plan.stream().mapToDouble(VancomycinDose::startMin).filter(t -> t >= DAY && t > firstMaintenance)
          .min().orElse(Double.NaN);
      if (dose2 < 2 * DAY) {
        double trough2 = dose2 - 30;
        giveUntil(patient, plan, given, trough2);
        patient.advanceTo(trough2);
        read(patient, sensor, levels, "trough");
        var rec2 = controller.recommend(new VancomycinRequest(cov, given, levels, trough2, dose2));
        mapCl = rec2.clearanceLPerH();
        pred2 = rec2.forecasts().get(0).auc24MgHPerL();
        pred3 = rec2.forecasts().get(1).auc24MgHPerL();
        plan = new ArrayList<>(given);
        plan.addAll(rec2.regimen().dosesUntil(3 * DAY));
      }
    }
    giveUntil(patient, plan, given, 3 * DAY);
    double trueCl = patient.trueParameter("CL") * 60;
    patient.advanceTo(3 * DAY);
    boolean kept = controller.limits().violations(given, spec.weightKg()).isEmpty();
    return new Outcome(spec.id(), patient.trueAuc24(2 * DAY), patient.trueAuc24(3 * DAY), kept, levels.size(),
        trueCl, mapCl, pred2, pred3);
  }

  static Covariates covariates(VancomycinCohort.Spec spec) {
    return Covariates.none().weightKg(spec.weightKg()).creatinineClearanceMlPerMin(spec.baselineCrclMlPerMin())
        .with(Covariate.HAEMODIALYSIS, false);
  }

  private static Outcome runOne(VancomycinDosingController controller, VancomycinCohort.Spec spec, long sensorSeed,
      boolean personalise, boolean day3Trough) {
    VancomycinPatient patient = spec.create();
    var sensor = new SampledSensor(SampledSensor.Config.vancomycinAssay(), sensorSeed);
    Covariates cov = covariates(spec);
    var rec0 = controller.recommend(new VancomycinRequest(cov, List.of(), List.of(), 0, 0));
    List<VancomycinDose> plan = rec0.regimen().dosesUntil(3 * DAY);
    var given = new ArrayList<VancomycinDose>();
    var levels = new ArrayList<Observation>();
    double mapCl = rec0.clearanceLPerH();
    double pred2 = rec0.forecasts().get(0).auc24MgHPerL();
    double pred3 = rec0.forecasts().get(1).auc24MgHPerL();
    if (personalise) {
      VancomycinDose sampled = plan.stream().filter(d -> d.startMin() >= DAY).findFirst().orElseThrow();
      double trough = sampled.startMin() - 30;
      double peak = sampled.endMin() + 60;
      giveUntil(patient, plan, given, trough);
      patient.advanceTo(trough);
      read(patient, sensor, levels, "trough");
      giveUntil(patient, plan, given, peak);
      patient.advanceTo(peak);
      read(patient, sensor, levels, "peak");
      double next = plan.stream().mapToDouble(VancomycinDose::startMin).filter(t -> t > peak).min().orElseThrow();
      var rec = controller.recommend(new VancomycinRequest(cov, given, levels, peak, next));
      mapCl = rec.clearanceLPerH();
      pred2 = rec.forecasts().get(0).auc24MgHPerL();
      pred3 = rec.forecasts().get(1).auc24MgHPerL();
      plan = new ArrayList<>(given);
      plan.addAll(rec.regimen().dosesUntil(3 * DAY));
      if (day3Trough) {
        double dose3 = plan.stream().mapToDouble(VancomycinDose::startMin).filter(t -> t >= 2 * DAY).min()
            .orElse(Double.NaN);
        if (dose3 < 3 * DAY) {
          double trough3 = dose3 - 30;
          giveUntil(patient, plan, given, trough3);
          patient.advanceTo(trough3);
          read(patient, sensor, levels, "trough");
          var rec3 = controller.recommend(new VancomycinRequest(cov, given, levels, trough3, dose3));
          mapCl = rec3.clearanceLPerH();
          pred3 = rec3.forecasts().get(0).auc24MgHPerL();
          plan = new ArrayList<>(given);
          plan.addAll(rec3.regimen().dosesUntil(3 * DAY));
        }
      }
    }
    giveUntil(patient, plan, given, 3 * DAY);
    double trueCl = patient.trueParameter("CL") * 60;
    patient.advanceTo(3 * DAY);
    boolean kept = controller.limits().violations(given, spec.weightKg()).isEmpty();
    return new Outcome(spec.id(), patient.trueAuc24(2 * DAY), patient.trueAuc24(3 * DAY), kept, levels.size(),
        trueCl, mapCl, pred2, pred3);
  }

  /** Hands the patient every planned dose that starts before {@code untilMin} and was not given yet. */
  private static void giveUntil(VancomycinPatient patient, List<VancomycinDose> plan, List<VancomycinDose> given,
      double untilMin) {
    for (VancomycinDose d : plan) {
      if (d.startMin() < untilMin && !given.contains(d)) {
        patient.advanceTo(d.startMin());
        patient.follow(DosingSchedule.empty().infusion(d.startMin(), "infusion", d.amountMg(), d.durationMin()));
        given.add(d);
      }
    }
  }

  private static void read(VancomycinPatient patient, SampledSensor sensor, List<Observation> levels, String what) {
    Reading r = patient.read(sensor);
    String id = what + "@" + r.timeMin();
    switch (r.status()) {
      case VALUE -> levels.add(Observation.of(id, r.timeMin(), "concentration", r.value().getAsDouble(),
          ASSAY_MODEL_NOISE, "vancomycin-assay"));
      case BELOW_LIMIT -> levels.add(Observation.belowLoq(id, r.timeMin(), "concentration", r.limit().getAsDouble(),
          ASSAY_MODEL_NOISE, "vancomycin-assay"));
      default -> { } // a missed sample gives nothing: the controller is never told a value it does not have
    }
  }

  private VancomycinTrial() {}
}
