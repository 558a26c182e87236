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
    return cohort(n, seed, (spec, sensorSeed) -> runOne(controller, spec, sensorSeed, personalise, day3Trough));
  }

  /** Every patient of the seeded cohort through one design, each with its own sensor seed. */
  private static Summary cohort(int n, long seed, java.util.function.BiFunction<VancomycinCohort.Spec, Long, Outcome> design) {
    var outcomes = new ArrayList<Outcome>();
    int i = 0;
    for (VancomycinCohort.Spec spec : VancomycinCohort.generate(n, seed)) {
      outcomes.add(design.apply(spec, seed * 31 + i++));
    }
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
   * One patient's stay under a design: the a priori plan at t = 0, levels drawn as the design
   * says, re-plans replacing the plan from their first dose, and the outcome at 72 h.
   */
  private static final class Stay {
    final VancomycinDosingController controller;
    final VancomycinCohort.Spec spec;
    final VancomycinPatient patient;
    final SampledSensor sensor;
    final Covariates cov;
    final List<VancomycinDose> given = new ArrayList<>();
    final List<Observation> levels = new ArrayList<>();
    List<VancomycinDose> plan;
    double mapCl;
    double pred2;
    double pred3;
    /** The newest recommendation's next level of the sampling protocol (NaN: none). */
    double scheduledLevel;

    Stay(VancomycinDosingController controller, VancomycinCohort.Spec spec, long sensorSeed) {
      this.controller = controller;
      this.spec = spec;
      this.patient = spec.create();
      this.sensor = new SampledSensor(SampledSensor.Config.vancomycinAssay(), sensorSeed);
      this.cov = covariates(spec);
      var rec0 = controller.recommend(new VancomycinRequest(cov, List.of(), List.of(), 0, 0));
      plan = rec0.regimen().dosesUntil(3 * DAY);
      mapCl = rec0.clearanceLPerH();
      pred2 = rec0.forecasts().get(0).auc24MgHPerL();
      pred3 = rec0.forecasts().get(1).auc24MgHPerL();
      scheduledLevel = rec0.scheduledLevelMin();
    }

    /** Gives the planned doses up to {@code t} and draws a level then. */
    void sample(double t, String what) {
      giveUntil(patient, plan, given, t);
      patient.advanceTo(t);
      read(patient, sensor, levels, what);
    }

    /**
     * Re-plans at {@code now} from {@code nextDose} and follows the new regimen from then on;
     * {@code day3Only}: the forecasts it states start on day 3.
     */
    void replan(double now, double nextDose, boolean day3Only) {
      var rec = controller.recommend(new VancomycinRequest(cov, given, levels, now, nextDose));
      mapCl = rec.clearanceLPerH();
      scheduledLevel = rec.scheduledLevelMin();
      if (day3Only) {
        pred3 = rec.forecasts().get(0).auc24MgHPerL();
      } else {
        pred2 = rec.forecasts().get(0).auc24MgHPerL();
        pred3 = rec.forecasts().get(1).auc24MgHPerL();
      }
      plan = new ArrayList<>(given);
      plan.addAll(rec.regimen().dosesUntil(3 * DAY));
    }

    /** The first planned dose start satisfying {@code which}, NaN if none. */
    double firstDose(java.util.function.DoublePredicate which) {
      return plan.stream().mapToDouble(VancomycinDose::startMin).filter(which).min().orElse(Double.NaN);
    }

    Outcome finish() {
      giveUntil(patient, plan, given, 3 * DAY);
      double trueCl = patient.trueParameter("CL") * 60;
      patient.advanceTo(3 * DAY);
      boolean kept = controller.limits().violations(given, spec.weightKg()).isEmpty();
      return new Outcome(spec.id(), patient.trueAuc24(2 * DAY), patient.trueAuc24(3 * DAY), kept, levels.size(),
          trueCl, mapCl, pred2, pred3);
    }
  }

  /**
   * Early levels, as Bayesian dosing allows (Rybak 2020: levels need not be at steady state): a
   * peak 1 h after the loading dose's infusion ends and a level 30 min before the first maintenance
   * dose; the controller re-plans from both before that dose, so day 2 runs on a personalised
   * regimen. With {@code day2Trough} a third level, 30 min before the first dose on day 2 after the
   * first maintenance dose, and a second re-plan from that dose.
   */
  static Summary runEarly(VancomycinDosingController controller, int n, long seed, boolean day2Trough) {
    return cohort(n, seed, (spec, sensorSeed) -> runOneEarly(controller, spec, sensorSeed, day2Trough));
  }

  private static Outcome runOneEarly(VancomycinDosingController controller, VancomycinCohort.Spec spec, long sensorSeed,
      boolean day2Trough) {
    var stay = new Stay(controller, spec, sensorSeed);
    double firstMaintenance = stay.plan.get(1).startMin();
    double trough = firstMaintenance - 30;
    stay.sample(stay.plan.get(0).endMin() + 60, "peak");
    stay.sample(trough, "trough");
    stay.replan(trough, firstMaintenance, false);
    if (day2Trough) {
      // The first dose on day 2 after the first maintenance dose (for a 24-h interval that is the
      // second maintenance dose: the level before the first one was already drawn).
      double dose2 = stay.firstDose(t -> t >= DAY && t > firstMaintenance);
      if (dose2 < 2 * DAY) {
        stay.sample(dose2 - 30, "trough");
        stay.replan(dose2 - 30, dose2, false);
      }
    }
    return stay.finish();
  }

  /**
   * The twin's own sampling advice followed: each level is drawn at the newest recommendation's
   * scheduled time ({@code VancomycinRecommendation.scheduledLevelMin}, {@link
   * org.icutwin.control.vancomycin.LevelSchedule}: a peak after the loading dose, a level before the
   * first maintenance dose, a trough before the first dose of each day), and the controller
   * re-plans from the next dose after it (a 30-min laboratory turnaround). No level is drawn that
   * no dose within the 72 h could act on.
   */
  static Summary runScheduled(VancomycinDosingController controller, int n, long seed) {
    return cohort(n, seed, (spec, sensorSeed) -> {
      var stay = new Stay(controller, spec, sensorSeed);
      var drawn = new ArrayList<Double>();
      double next = stay.scheduledLevel;
      while (Double.isFinite(next)) {
        double at = next;
        double nextDose = stay.firstDose(t -> t > at);
        if (!(nextDose < 3 * DAY)) {
          break;
        }
        stay.sample(at, "level");
        drawn.add(at);
        stay.replan(at, nextDose, nextDose >= 2 * DAY);
        // A sample the laboratory lost (2%) is asked for again by the twin; here it is not redrawn.
        next = stay.scheduledLevel > at ? stay.scheduledLevel
            : LevelSchedule.next(stay.plan, drawn, at + 1).orElse(Double.NaN);
      }
      return stay.finish();
    });
  }

  static Covariates covariates(VancomycinCohort.Spec spec) {
    return Covariates.none().weightKg(spec.weightKg()).creatinineClearanceMlPerMin(spec.baselineCrclMlPerMin())
        .with(Covariate.HAEMODIALYSIS, false);
  }

  private static Outcome runOne(VancomycinDosingController controller, VancomycinCohort.Spec spec, long sensorSeed,
      boolean personalise, boolean day3Trough) {
    var stay = new Stay(controller, spec, sensorSeed);
    if (personalise) {
      VancomycinDose sampled = stay.plan.stream().filter(d -> d.startMin() >= DAY).findFirst().orElseThrow();
      double peak = sampled.endMin() + 60;
      stay.sample(sampled.startMin() - 30, "trough");
      stay.sample(peak, "peak");
      double next = stay.firstDose(t -> t > peak);
      if (Double.isNaN(next)) {
        throw new IllegalStateException("no dose after the peak at t=" + peak);
      }
      stay.replan(peak, next, false);
      if (day3Trough) {
        double dose3 = stay.firstDose(t -> t >= 2 * DAY);
        if (dose3 < 3 * DAY) {
          stay.sample(dose3 - 30, "trough");
          stay.replan(dose3 - 30, dose3, true);
        }
      }
    }
    return stay.finish();
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
