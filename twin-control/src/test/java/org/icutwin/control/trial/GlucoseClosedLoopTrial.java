package org.icutwin.control.trial;

import java.util.ArrayList;
import java.util.List;
import org.icutwin.control.mpc.ControlProblem;
import org.icutwin.control.mpc.MpcConfig;
import java.nio.file.Path;
import org.icutwin.control.mpc.HypoglycaemiaProtocol;
import org.icutwin.control.mpc.NonlinearMpc;
import org.icutwin.control.mpc.Plan;
import org.icutwin.control.recommend.InfusionRecommender;
import org.icutwin.control.recommend.DextroseInfusionAdvice;
import org.icutwin.control.recommend.NutritionAdvice;
import org.icutwin.control.recommend.ReadingTrend;
import org.icutwin.control.recommend.Recommendation;
import org.icutwin.control.safety.SafetyReason;
import org.icutwin.control.safety.Administration;
import org.icutwin.control.safety.SafetyConfig;
import org.icutwin.control.safety.SafetyEnvelope;
import org.icutwin.control.twin.GlucoseTwinStates;
import org.icutwin.core.druglib.DrugLibrary;
import org.icutwin.core.units.Quantity;
import org.icutwin.core.units.Units;
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
import org.icutwin.core.virtual.HovorkaGlucoseSpec;
import org.icutwin.core.virtual.VirtualPatient;
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
 * controlled for 72 h by twin (Bergman UKF, p3 and Gb estimated) through the full recommendation
 * chain: MPC, the hypoglycaemia protocol, and the safety envelope against the shipped drug library;
 * every deliverable proposal (including the envelope's cut of a running rate to the 24-h cap) is
 * accepted as a clinician would; a withheld one leaves the rate as it is. Blood glucose is measured when the controller
 * advises (1-4 h) or every 5 min by CGM (decisions every 15 min), and whenever the nutrition
 * changes (the twin re-plans on every recorded input change). In the CGM arm, when the twin
 * withholds for stale data (its CGM quiet or rejected for 30 min) the nurse takes a blood glucose
 * within {@link #NURSE_RESPONSE_MIN}, and while the newest accepted reading is a blood glucose the
 * twin's measurement advice is followed with further blood glucose, as a CGM-failure protocol would.
 * The protocol's nutrition and dextrose infusion advice is accepted and carried out at once. Outcomes per Finfer 2013: time
 * in 4.4-8.0 mmol/L from true glucose every 5 min, time below 4.0, patients with any true value
 * below 2.2.
 */
final class GlucoseClosedLoopTrial {
  static final BergmanInsulinModel MODEL = ModelCatalog.insulinBergman();
  static final DrugLibrary LIBRARY = DrugLibrary.load(Path.of(System.getProperty("trial.library", "../config/drug-library.json")));
  static final double HOURS = 72;
  /** The library's insulin 24-h cap in mU (250 U). */
  static final double CAP_MU = 250_000;
  /** Windows of the cap planned up to this long after now (diagnostic switch trial.capLookahead; 0 = within the horizon only). */
  static final double CAP_LOOKAHEAD_MIN = Double.parseDouble(System.getProperty("trial.capLookahead",
      "" + InfusionRecommender.CAP_LOOKAHEAD_MIN));
  /** Glucose process noise, mmol/L per √min: about 0.4 mmol/L per hour of unmodelled change. */
  static final double GLUCOSE_PROCESS_SD = Double.parseDouble(System.getProperty("trial.gsd", "0.05"));

  /**
   * Random-walk rates of the twin's log p3 and log Gb, per √day (diagnostic switches trial.p3rw,
   * trial.gbrw), as the server's glucose twins use (InfusionTwin). p3: 1.0 since 2026-12-05 (0.5
   * before), found on the held-out Hovorka cohort (docs/control.md).
   */
  static final double P3_DRIFT_PER_DAY = Double.parseDouble(System.getProperty("trial.p3rw", "1.0"));
  static final double GB_DRIFT_PER_DAY = Double.parseDouble(System.getProperty("trial.gbrw", "0.2"));
  /**
   * Whether the simulated clinician follows the twin's nutrition advice ({@link NutritionAdvice}, as
   * the product proposes it); off ({@code -Dtrial.feedAdvice=false}): the nutrition plan as drawn.
   */
  static final boolean FEED_ADVICE = Boolean.parseBoolean(System.getProperty("trial.feedAdvice", "true"));

  /** Index of a patient whose hourly course is printed (diagnostics), -1 for none. */
  static final long TRACE = Long.getLong("trial.trace", -1);
  /** With trial.trace, every 5 min and every decision between these hours are printed too (-Dtrial.traceFromH, -Dtrial.traceToH). */
  static final double TRACE_FROM_MIN = 60 * Double.parseDouble(System.getProperty("trial.traceFromH", "-1"));
  static final double TRACE_TO_MIN = 60 * Double.parseDouble(System.getProperty("trial.traceToH", "-1"));

  static boolean inTraceWindow(double t) {
    return t >= TRACE_FROM_MIN && t <= TRACE_TO_MIN;
  }
  /**
   * With CGM the twin is asked for a proposal every 15 min, as the server's glucose twins propose
   * at most every 15 min (TwinPolicy); 30 min until 2026-12-05 (CGM 79.5% then, 79.9% now).
   */
  static final double CGM_DECISION_MIN = 15;
  /** Minutes from the twin asking for a blood glucose (its CGM quiet or rejected) to the sample. */
  static final double NURSE_RESPONSE_MIN = 10;
  /** Whether the nurse confirms a CGM reading below 4.0 with a blood glucose (diagnostic switch trial.confirmLows). */
  /** Whether the clinician follows the protocol's dextrose infusion advice (diagnostic switch trial.dextroseInfusion). */
  static final boolean DEXTROSE_INFUSION = Boolean.parseBoolean(System.getProperty("trial.dextroseInfusion", "true"));
  static final DextroseInfusionAdvice.Rule DEXTROSE_RULE = DextroseInfusionAdvice.Rule.standard();
  static final HypoglycaemiaProtocol PROTOCOL = HypoglycaemiaProtocol.standard();
  /** Whether the twin is given the reading trend (diagnostic switch trial.trend). */
  static final boolean TREND = Boolean.parseBoolean(System.getProperty("trial.trend", "true"));
  static final boolean CONFIRM_CGM_LOWS = Boolean.parseBoolean(System.getProperty("trial.confirmLows", "true"));
  /** A rescue is given after the reading that triggered it (1 s), as the twin takes an accepted rescue. */
  static final double RESCUE_AFTER_READING_MIN = 1.0 / 60;

  record Outcome(double timeInBand, double timeBelow4, double minimum, int measurements, int withheld, int rescues,
      double insulinUnitsPerDay, double maxInsulinUnitsIn24h, Breakdown breakdown, double feedDelivered,
      int feedAdvice, int dextroseInfusionChanges, double maxDextroseGPerH) {}

  /**
   * Where time out of band came from (fractions of all 5-min samples): above 8.0, below 4.4, in the
   * first 12 h, within 4 h after a nutrition change, while the last decision was withheld, and
   * near the 24-h cap (90% of 250 U given in the window, or the envelope clipped to it); decisions taken under a drift alert. Diagnostics only, not scoring.
   */
  record Breakdown(double above, double below, double outFirst12h, double outAfterFeedChange, double outWhileWithheld,
      double outCapReached, int decisions, int driftDecisions, int withheldDrift) {}

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

    /** The largest insulin total given in any 24-h window to any patient, in units. */
    double largestInsulin24h() {
      return patients.stream().mapToDouble(Outcome::maxInsulinUnitsIn24h).max().orElseThrow();
    }

    double measurementsPerDay() {
      return patients.stream().mapToDouble(Outcome::measurements).average().orElseThrow() / (HOURS / 24);
    }

    @Override
    public String toString() {
      return String.format(java.util.Locale.ROOT,
          "%d patients: time in 4.4-8.0 %.1f%%, time < 4.0 %.2f%%, patients with true BG < 2.2: %d, lowest %.2f mmol/L, measurements/day %.1f, withheld proposals %d, dextrose rescues %d, insulin %.0f U/day (largest 24-h total %.2f U), nutrition delivered %.0f%% of plan (lowest patient %.0f%%, %d given less than 90%%; %d feed changes advised); dextrose infusion advised to %d patients (%d changes, highest %.0f g/h)",
          patients.size(), 100 * meanTimeInBand(), 100 * meanTimeBelow4(), patientsBelow2point2(),
          patients.stream().mapToDouble(Outcome::minimum).min().orElseThrow(), measurementsPerDay(),
          patients.stream().mapToInt(Outcome::withheld).sum(), patients.stream().mapToInt(Outcome::rescues).sum(),
          patients.stream().mapToDouble(Outcome::insulinUnitsPerDay).average().orElseThrow(),
          patients.stream().mapToDouble(Outcome::maxInsulinUnitsIn24h).max().orElseThrow(),
          100 * patients.stream().mapToDouble(Outcome::feedDelivered).average().orElseThrow(),
          100 * patients.stream().mapToDouble(Outcome::feedDelivered).min().orElseThrow(),
          patients.stream().filter(o -> o.feedDelivered() < 0.9).count(),
          patients.stream().mapToInt(Outcome::feedAdvice).sum(),
          patients.stream().filter(o -> o.dextroseInfusionChanges() > 0).count(),
          patients.stream().mapToInt(Outcome::dextroseInfusionChanges).sum(),
          patients.stream().mapToDouble(Outcome::maxDextroseGPerH).max().orElseThrow());
    }

    /** Nutrition given as a fraction of the plan, mean over patients. */
    double meanFeedDelivered() {
      return patients.stream().mapToDouble(Outcome::feedDelivered).average().orElseThrow();
    }
  }

  /** Whether the trial's twin is told of feed cuts (the product's rule; trial.feedCutRule=false for the figures without it). */
  static final boolean FEED_CUT_RULE = Boolean.parseBoolean(System.getProperty("trial.feedCutRule", "true"));
  /** The protocol's hold after a measured low (HypoglycaemiaProtocol.HOLD_AFTER_LOW_MIN): blood, all, off. */
  static final String LOW_HOLD = System.getProperty("trial.lowHold", "blood");
  /** The protocol's latest reading as the product keeps it (InfusionRecommender.Context.replacesLatestReading); false: every reading. */
  static final boolean LATEST_RULE = Boolean.parseBoolean(System.getProperty("trial.latestRule", "true"));

  /** The nutrition's glucose running (enteral plus parenteral, mmol/min); the clinician's dextrose is not a feed. */
  private static double nutritionGlucose(java.util.Map<String, Double> running) {
    return running.getOrDefault("glucose_enteral", 0.0) + running.getOrDefault("glucose_parenteral", 0.0);
  }

  /** The shipped insulin MPC, or a variant set by diagnostic system properties (trial.target, trial.riskZ, trial.maxChange). */
  static MpcConfig mpcConfig() {
    MpcConfig c = MpcConfig.insulin();
    double target = Double.parseDouble(System.getProperty("trial.target", "" + c.target()));
    double riskZ = Double.parseDouble(System.getProperty("trial.riskZ", "" + c.riskZ()));
    double maxChange = Double.parseDouble(System.getProperty("trial.maxChange", "" + c.maxChangePerMove() * 60 / 1000)) * 1000 / 60;
    return new MpcConfig(c.rateChannel(), c.output(), c.bandLow(), c.bandHigh(), target, c.riskThreshold(), riskZ,
        c.riskAbove(), c.blockLengthsMin(), c.gridMin(), c.minRate(), c.maxRate(), maxChange, c.moveWeight(),
        c.maxIterations(), c.stopWhenFirstMoveSettles(), c.timeLimitMillis(), c.suspendOnRisk(), c.outputRisesWithRate());
  }

  /** The drift status the twin reads (as InfusionTwin: blocked per sensor, 30 min); trial.drift: plain, blocked:MIN or none (an upper bound only). */
  static org.icutwin.estimation.monitor.DriftStatus drift(FilterTimeline timeline) {
    String mode = System.getProperty("trial.drift", "blocked:30");
    if (mode.equals("none")) {
      return org.icutwin.estimation.monitor.DriftStatus.IN_CONTROL;
    }
    if (mode.startsWith("blocked:")) {
      return timeline.drift("glucose", Double.parseDouble(mode.substring(8))).status();
    }
    return timeline.drift("glucose").status();
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
    return runPatient(spec, seed, cgm, DEXTROSE_INFUSION);
  }

  /** One patient; {@code dextroseInfusion}: whether the clinician follows the protocol's dextrose infusion advice. */
  static Outcome runPatient(GlucosePatientSpec spec, long seed, boolean cgm, boolean dextroseInfusion) {
    return runPatient(spec.create(), spec.weightKg(), spec.initialGlucoseMmolPerL(), spec.nutrition(), seed, cgm,
        dextroseInfusion);
  }

  /**
   * The same trial on patients of Hovorka structure ({@link GlucoseCohort#generateHovorka}): a
   * truth the controller was never tuned on (held out; docs/control.md).
   */
  static Summary runHovorka(int n, long seed, boolean cgm) {
    var out = new ArrayList<Outcome>();
    List<HovorkaGlucoseSpec> cohort = GlucoseCohort.generateHovorka(n, seed);
    for (int i = 0; i < n; i++) {
      HovorkaGlucoseSpec spec = cohort.get(i);
      out.add(runPatient(spec.create(), spec.weightKg(), spec.initialGlucoseMmolPerL(), spec.nutrition(),
          seed * 1000 + i, cgm, DEXTROSE_INFUSION));
    }
    return new Summary(out);
  }

  private static Outcome runPatient(VirtualPatient patient, double weightKg, double initialGlucose,
      DosingSchedule nutritionPlan, long seed, boolean cgm, boolean dextroseInfusion) {
    // Each feed's prescribed rate (the plan's) and the rate actually running (after accepted advice).
    var planned = new java.util.TreeMap<String, Double>();
    var running = new java.util.TreeMap<String, Double>();
    var changedAt = new java.util.TreeMap<String, Double>();
    double[] theta = ParameterVectors.typical(MODEL, Covariates.none().weightKg(weightKg));
    var setup = new EstimationSetup(MODEL, theta,
        List.of(EstimatedParameter.drifting("p3", 0.6, P3_DRIFT_PER_DAY), EstimatedParameter.drifting("Gb", 0.25, GB_DRIFT_PER_DAY)),
        GlucoseTwinStates.initialMean(initialGlucose, theta), GlucoseTwinStates.initialSd(1.0),
        GlucoseTwinStates.processSd(GLUCOSE_PROCESS_SD), 0);
    var timeline = new FilterTimeline(new UnscentedKalmanFilter(setup, Propagators.forModel(MODEL, 1.0)), MODEL,
        TimelineConfig.defaults());
    var recommender = new InfusionRecommender(new NonlinearMpc(mpcConfig()), new SafetyEnvelope(SafetyConfig.defaults()),
        LIBRARY.find("insulin", "adult-icu"), "insulin", "adult-icu", java.util.Optional.of(PROTOCOL), 30,
        CAP_LOOKAHEAD_MIN);
    var history = new ArrayList<Administration>();
    Sensor lab = new SampledSensor(SampledSensor.Config.labGlucose(), seed);
    Sensor cgmSensor = new CgmSensor(CgmSensor.Config.typical(), seed + 7);
    NoiseModel labNoise = new NoiseModel.Combined(0.1, 0.04);
    NoiseModel cgmNoise = new NoiseModel.Combined(0.3, 0.1);
    List<DoseEvent> nutrition = nutritionPlan.events();
    int nextNutrition = 0;
    double nextDecision = 0;
    Plan previousPlan = null;
    double insulin = 0;
    int inBand = 0;
    int below4 = 0;
    int samples = 0;
    double minimum = Double.POSITIVE_INFINITY;
    int measurements = 0;
    int withheld = 0;
    int rescues = 0;
    double totalMu = 0;
    double max24hMu = 0;
    double lastRescue = Double.NEGATIVE_INFINITY;
    double feedCutAt = Double.NaN;
    double lowReadingAt = Double.NaN;
    double latestReading = Double.NaN;
    double labDue = Double.POSITIVE_INFINITY;
    double confirmDue = Double.POSITIVE_INFINITY;
    double lastCgmApplied = Double.NEGATIVE_INFINITY;
    double lastLabApplied = Double.NEGATIVE_INFINITY;
    int above = 0;
    int belowBand = 0;
    int outEarly = 0;
    int outFeed = 0;
    int outWithheld = 0;
    int outCap = 0;
    int decisions = 0;
    int driftDecisions = 0;
    int withheldDrift = 0;
    boolean lastWithheld = false;
    boolean capReached = false;
    double lastFeedChange = Double.NEGATIVE_INFINITY;
    int feedChanges = 0;
    double fedMmol = 0;
    double dextroseAddedGPerH = 0;
    double dextroseLimitGPerH = DextroseInfusionAdvice.limitGPerH(LIBRARY.find("dextrose", "adult-icu"), weightKg);
    double latestReadingTime = Double.NaN;
    double dextroseChangedAt = Double.NEGATIVE_INFINITY;
    int dextroseAdvice = 0;
    double maxDextroseGPerH = 0;
    double plannedMmol = 0;
    for (double t = 0; t <= HOURS * 60 + 1e-9; t += 5) {
      patient.advanceTo(t);
      double g = patient.trueValue("glucose");
      samples++;
      inBand += g >= 4.4 && g <= 8.0 ? 1 : 0;
      below4 += g < 4.0 ? 1 : 0;
      minimum = Math.min(minimum, g);
      boolean out = g < 4.4 || g > 8.0;
      above += g > 8.0 ? 1 : 0;
      belowBand += g < 4.4 ? 1 : 0;
      outEarly += out && t < 12 * 60 ? 1 : 0;
      outFeed += out && t - lastFeedChange <= 240 ? 1 : 0;
      outWithheld += out && lastWithheld ? 1 : 0;
      for (String ch : planned.keySet()) {
        fedMmol += running.get(ch) * 5;
        plannedMmol += planned.get(ch) * 5;
      }
      if (insulin > 0) {
        history.add(new Administration(t, new Quantity(insulin * 5, "mU")));
        totalMu += insulin * 5;
      }
      double in24h = 0;
      for (Administration a : history) {
        in24h += a.timeMin() > t - 24 * 60 ? a.amount().value() : 0;
      }
      max24hMu = Math.max(max24hMu, in24h);
      if (TRACE == seed % 1000 && (t % 60 == 0 || inTraceWindow(t))) {
        System.out.printf(java.util.Locale.ROOT, "TRACE t %5.1f h  G %5.2f  read %5.2f  insulin %5.1f U/h  24h %5.1f U  withheld %s%n",
            t / 60, g, latestReading, insulin * 60 / 1000, in24h / 1000, lastWithheld);
      }
      outCap += out && (capReached || in24h >= 0.9 * CAP_MU) ? 1 : 0;
      while (nextNutrition < nutrition.size() && nutrition.get(nextNutrition).timeMin() <= t) {
        DoseEvent e = nutrition.get(nextNutrition);
        if (e instanceof DoseEvent.RateChange rc) {
          // A prescription change (a start, a stop for a procedure, a restart) resets the feed to it.
          planned.put(rc.channel(), rc.rate());
          if (running.get(rc.channel()) == null || running.get(rc.channel()) != rc.rate()) {
            changedAt.put(rc.channel(), t);
          }
          double fedBefore = nutritionGlucose(running);
          running.put(rc.channel(), rc.rate());
          if (FEED_CUT_RULE && HypoglycaemiaProtocol.isFeedCut(fedBefore, nutritionGlucose(running))) {
            feedCutAt = t;
          }
          // The protocol's dextrose runs on top of the cohort's own (one dextrose input, reported as a total).
          double total = rc.channel().equals("glucose_dextrose") ? rc.rate() + dextroseAddedGPerH / 0.18016 / 60
              : rc.rate();
          patient.setRate(rc.channel(), total);
          timeline.ingestDose("feed" + nextNutrition, new DoseEvent.RateChange(t, rc.channel(), total));
        } else {
          DoseEvent.Bolus b = (DoseEvent.Bolus) e;
          patient.giveBolus(b.channel(), b.amount());
          timeline.ingestDose("feed" + nextNutrition, new DoseEvent.Bolus(t, b.channel(), b.amount()));
        }
        nextNutrition++;
        lastFeedChange = t;
        nextDecision = t; // the twin re-plans when an input changes (e.g. the feed stops)
      }
      if (cgm) {
        Reading r = patient.read(cgmSensor);
        if (r.value().isPresent()) {
          double v = r.value().getAsDouble();
          lowReadingAt = "all".equals(LOW_HOLD) && PROTOCOL.suspendsInsulin(v) ? t : lowReadingAt;
          var st = timeline.ingest(Observation.of("cgm" + t, t, "glucose", v, cgmNoise, "cgm"));
          if (!LATEST_RULE || InfusionRecommender.Context.replacesLatestReading(st, v, latestReading)) {
            latestReading = v;
            latestReadingTime = t;
          }
          lastCgmApplied = st.applied() ? t : lastCgmApplied;
          measurements++;
          if (CONFIRM_CGM_LOWS && v < 4.0) {
            confirmDue = Math.min(confirmDue, t + NURSE_RESPONSE_MIN); // a CGM low is confirmed by a blood glucose
          }
        }
        if (Math.min(labDue, confirmDue) <= t + 1e-9) {
          // The CGM has gone quiet or is rejected: the nurse takes the blood glucose the twin asks for.
          Reading b = patient.read(lab);
          if (b.value().isPresent()) {
            double v = b.value().getAsDouble();
            lowReadingAt = PROTOCOL.suspendsInsulin(v) ? t : lowReadingAt;
            var st = timeline.ingest(Observation.of("bg" + t, t, "glucose", v, labNoise, "lab"));
            if (!LATEST_RULE || InfusionRecommender.Context.replacesLatestReading(st, v, latestReading)) {
              latestReading = v;
              latestReadingTime = t;
            }
            if (st.applied()) {
              lastLabApplied = t;
            }
            measurements++;
            labDue = Double.POSITIVE_INFINITY;
            confirmDue = Double.POSITIVE_INFINITY;
            nextDecision = t;
          } else {
            // Missed sample: the one that was due is tried again in 30 min.
            labDue = labDue <= t + 1e-9 ? t + 30 : labDue;
            confirmDue = confirmDue <= t + 1e-9 ? t + 30 : confirmDue;
          }
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
        double v = r.value().getAsDouble();
        lowReadingAt = PROTOCOL.suspendsInsulin(v) ? t : lowReadingAt;
        var st = timeline.ingest(Observation.of("bg" + t, t, "glucose", v, labNoise, "lab"));
        if (!LATEST_RULE || InfusionRecommender.Context.replacesLatestReading(st, v, latestReading)) {
          latestReading = v;
          latestReadingTime = t;
        }
        measurements++;
      }
      // The controller plans with the feed running now; future interruptions are not known in advance.
      while (!history.isEmpty() && history.get(0).timeMin() < t - 24 * 60) {
        history.remove(0);
      }
      var context = new InfusionRecommender.Context(List.copyOf(history), java.util.OptionalDouble.of(weightKg),
          timeline.lastAppliedTime("glucose"), timeline.sensorIntervalMin("glucose"), latestReading, drift(timeline),
          t - lastRescue, TREND ? ReadingTrend.of(timeline.recentReadings("glucose", ReadingTrend.READINGS))
              : java.util.Optional.empty(), latestReadingTime).withFeedCutAt(feedCutAt)
          .withLowReadingAt("off".equals(LOW_HOLD) ? Double.NaN : lowReadingAt);
      Recommendation rec = recommender.recommend(
          new ControlProblem(MODEL, timeline.snapshot(), timeline.rates(), DosingSchedule.empty(), previousPlan, t), context);
      decisions++;
      if (TRACE == seed % 1000 && inTraceWindow(t)) {
        System.out.println("DECISION t " + t + " reading " + latestReading + " at " + latestReadingTime + " action "
            + rec.action().map(a -> a.value().toString()).orElse("none") + " reasons " + rec.reasons() + " safety "
            + rec.safety().findings());
      }
      if (cgm) {
        // A withheld proposal on stale data asks for a blood glucose now (taken within NURSE_RESPONSE_MIN);
        // while the newest accepted reading is a blood glucose, the twin's measurement advice is followed.
        // A later decision can only bring a requested sample forward, never postpone it.
        labDue = rec.safety().has(SafetyReason.STALE_MEASUREMENT) ? Math.min(labDue, t + NURSE_RESPONSE_MIN)
            : lastLabApplied > lastCgmApplied ? Math.min(labDue, Math.max(rec.nextMeasurementAtMin(), t + NURSE_RESPONSE_MIN))
            : Double.POSITIVE_INFINITY;
      }
      boolean drifting = rec.safety().has(SafetyReason.DRIFT_ALERT);
      driftDecisions += drifting ? 1 : 0;
      lastWithheld = rec.action().isEmpty();
      withheldDrift += lastWithheld && drifting ? 1 : 0;
      capReached = rec.safety().has(SafetyReason.CUMULATIVE_24H_CAP) || rec.safety().has(SafetyReason.CAP_REDUCTION);
      if (FEED_ADVICE) {
        // The clinician accepts the twin's nutrition advice with the proposal; the feeding pump reports it.
        var feeds = new ArrayList<NutritionAdvice.Feed>();
        for (String ch : List.of("glucose_enteral", "glucose_parenteral")) {
          if (planned.containsKey(ch)) {
            feeds.add(new NutritionAdvice.Feed(ch, running.get(ch), planned.get(ch), t - changedAt.get(ch)));
          }
        }
        boolean constrained = capReached || in24h >= NutritionAdvice.CONSTRAINED_CAP_FRACTION * CAP_MU;
        double estimateNow = rec.continueAsNow().isEmpty() ? Double.NaN : rec.continueAsNow().get(0).mean();
        boolean trusted = !rec.safety().has(SafetyReason.STALE_MEASUREMENT)
            && !rec.safety().has(SafetyReason.IMPLAUSIBLE_PREDICTION);
        // A withheld proposal's advice is taken with the kept rate (the product: a clinician's MODIFY).
        for (NutritionAdvice a : NutritionAdvice.forProposal(feeds, trusted, constrained, latestReading, estimateNow,
            8.0)) {
          double fedBefore = nutritionGlucose(running);
          running.put(a.channel(), a.advisedRate());
          if (FEED_CUT_RULE && HypoglycaemiaProtocol.isFeedCut(fedBefore, nutritionGlucose(running))) {
            feedCutAt = t;
          }
          changedAt.put(a.channel(), t);
          patient.setRate(a.channel(), a.advisedRate());
          timeline.ingestDose("advice-" + a.channel() + t, new DoseEvent.RateChange(t, a.channel(), a.advisedRate()));
          feedChanges++;
        }
      }
      if (dextroseInfusion) {
        // The clinician accepts the protocol's dextrose infusion advice with the proposal; the pump
        // reports the total. The cohort's own dextrose (the plan's glucose_dextrose) is the baseline
        // the protocol adds to and weans back to.
        boolean fresh = !rec.safety().has(SafetyReason.STALE_MEASUREMENT);
        double baselineGPerH = planned.getOrDefault("glucose_dextrose", 0.0) * 0.18016 * 60;
        boolean rescueOnReading = rec.dextroseMmol().isPresent()
            && PROTOCOL.readingCallsForRescue(latestReading, t - latestReadingTime, t - lastRescue);
        var advice = DextroseInfusionAdvice.advise(DEXTROSE_RULE, rescueOnReading, t - lastRescue, latestReading,
            t - latestReadingTime, fresh, baselineGPerH + dextroseAddedGPerH, baselineGPerH, t - dextroseChangedAt,
            dextroseLimitGPerH);
        if (advice.isPresent()) {
          dextroseAddedGPerH = Math.max(0, advice.get().advisedGPerH() - baselineGPerH);
          dextroseChangedAt = t;
          dextroseAdvice++;
          maxDextroseGPerH = Math.max(maxDextroseGPerH, dextroseAddedGPerH);
          double mmolPerMin = advice.get().advisedGPerH() / 0.18016 / 60;
          patient.setRate("glucose_dextrose", mmolPerMin);
          timeline.ingestDose("dextrose-infusion" + t, new DoseEvent.RateChange(t, "glucose_dextrose", mmolPerMin));
        }
      }
      if (rec.dextroseMmol().isPresent()) {
        patient.giveBolus("dextrose_bolus", rec.dextroseMmol().getAsDouble());
        timeline.ingestDose("dextrose" + t, new DoseEvent.Bolus(t + RESCUE_AFTER_READING_MIN, "dextrose_bolus",
            rec.dextroseMmol().getAsDouble()));
        lastRescue = t;
        rescues++;
      }
      if (rec.action().isEmpty()) {
        // Withheld: the simulated clinician reviews and keeps the rate. A rate that would pass the
        // 24-h cap before the next decision never arrives here: the envelope delivers its reduction
        // (CAP_REDUCTION), and a reached cap with insulin running is a delivered stop.
        withheld++;
        nextDecision = t + (cgm ? CGM_DECISION_MIN : 60);
        continue;
      }
      // The clinician accepts (a soft-limit excess with a recorded reason).
      var given = rec.action().get().value();
      double proposed = Units.convert(given.value(), given.unit(), "mU/min");
      if (proposed != insulin) {
        insulin = proposed;
        patient.setRate("insulin_iv", insulin);
        timeline.ingestDose("insulin" + t, new DoseEvent.RateChange(t, "insulin_iv", insulin));
      }
      previousPlan = new Plan(rec.planRates(), rec.blockStartsMin());
      nextDecision = cgm ? t + CGM_DECISION_MIN : rec.nextMeasurementAtMin();
    }
    return new Outcome((double) inBand / samples, (double) below4 / samples, minimum, measurements, withheld, rescues,
        totalMu / 1000 / (HOURS / 24), max24hMu / 1000,
        new Breakdown((double) above / samples, (double) belowBand / samples, (double) outEarly / samples,
            (double) outFeed / samples, (double) outWithheld / samples, (double) outCap / samples, decisions, driftDecisions,
            withheldDrift), plannedMmol > 0 ? fedMmol / plannedMmol : 1, feedChanges, dextroseAdvice,
        maxDextroseGPerH);
  }
}
