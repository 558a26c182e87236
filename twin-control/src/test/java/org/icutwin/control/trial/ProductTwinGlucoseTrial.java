package org.icutwin.control.trial;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.icutwin.control.twin.ItemResult;
import org.icutwin.control.twin.PatientTwin;
import org.icutwin.control.twin.ProposalDraft;
import org.icutwin.control.twin.ProposalTiming;
import org.icutwin.control.twin.TwinDose;
import org.icutwin.control.twin.TwinKind;
import org.icutwin.control.twin.TwinObservation;
import org.icutwin.control.twin.TwinSpec;
import org.icutwin.core.druglib.DrugLibrary;
import org.icutwin.core.model.Covariates;
import org.icutwin.core.simulation.DoseEvent;
import org.icutwin.core.simulation.DosingSchedule;
import org.icutwin.core.units.Units;
import org.icutwin.core.virtual.CgmSensor;
import org.icutwin.core.virtual.GlucoseCohort;
import org.icutwin.core.virtual.GlucosePatientSpec;
import org.icutwin.core.virtual.HovorkaGlucoseSpec;
import org.icutwin.core.virtual.Reading;
import org.icutwin.core.virtual.SampledSensor;
import org.icutwin.core.virtual.Sensor;
import org.icutwin.core.virtual.VirtualPatient;

/**
 * The closed-loop glucose trial run through the product's own twin ({@link PatientTwin}, as the
 * server holds it) and the server's proposal timing ({@link ProposalTiming}), with the bedside as
 * the server's clients see it: readings and pump reports go in as {@link TwinObservation}s and
 * {@link TwinDose}s in the units a device sends (g/h of glucose, [iU]/h), proposals come out as
 * {@link ProposalDraft}s. {@link GlucoseClosedLoopTrial} assembles the same chain from its parts
 * (filter, MPC, protocol, envelope) with switches for diagnostics; this one has no switches and
 * no access to the twin's inside, so it measures what a hospital would run.
 *
 * <p>The simulated clinician accepts every deliverable proposal at once (its insulin rate, its
 * dextrose rescue and its nutrition advice, which the pumps then report); a withheld one is
 * modified to the running rate (its rescue charted, its advice carried out and reported), as the
 * server lets a clinician do. Blood glucose is taken when the newest proposal advises (1-4 h),
 * again after 30 min when a sample is missed. In the CGM arm the CGM reports every 5 min; a CGM
 * reading below 4.0 is confirmed by a blood glucose within 10 min; when the twin says its data are
 * stale ({@link PatientTwin#stale}, which the server raises as an alert) the nurse takes a blood
 * glucose within 10 min, and while the newest reading is a blood glucose the proposals' advice is
 * followed with more. The cohort's nutrition plan (starts, interruptions, restarts) reaches the twin
 * as the feeding pump's reports.
 */
final class ProductTwinGlucoseTrial {

  static final DrugLibrary LIBRARY = GlucoseClosedLoopTrial.LIBRARY;
  static final Instant ADMITTED = Instant.parse("2026-03-01T06:00:00Z");
  static final double HOURS = GlucoseClosedLoopTrial.HOURS;
  static final double NURSE_RESPONSE_MIN = 10;
  static final long TRACE = Long.getLong("ptrial.trace", -1);
  /** Diagnostics: -Dptrial.calib=true tallies how often the truth falls outside accepted proposals' 90% intervals, by lead time. */
  static final boolean CALIB = Boolean.getBoolean("ptrial.calib");

  /** Tallies for {@link #CALIB}: by lead-time hour, predictions, truth below the 5% quantile, above the 95%, and below 4.0 where the 5% quantile was at least 4.0. */
  static final class Calibration {
    static final long[][] COUNTS = new long[8][4];
    static final double[][] SUMS = new double[8][3];

    static synchronized void add(double[] q, double truth) {
      int h = Math.min(7, (int) (q[1] / 60));
      COUNTS[h][0]++;
      COUNTS[h][1] += truth < q[3] ? 1 : 0;
      COUNTS[h][2] += truth > q[4] ? 1 : 0;
      COUNTS[h][3] += truth < 4.0 && q[3] >= 4.0 ? 1 : 0;
      double sd = (q[4] - q[3]) / (2 * 1.645);
      SUMS[h][0] += truth - q[2];
      SUMS[h][1] += sd > 0 ? (truth - q[2]) / sd : 0;
      SUMS[h][2] += sd > 0 ? Math.pow((truth - q[2]) / sd, 2) : 0;
    }

    static synchronized String report() {
      var b = new StringBuilder();
      for (int h = 0; h < 8; h++) {
        long[] c = COUNTS[h];
        if (c[0] > 0) {
          b.append(String.format(java.util.Locale.ROOT, "lead %d-%d h: n %d, below 5%%q %.3f, above 95%%q %.3f, <4 with q5>=4 %.4f, mean error %.3f, mean z %.3f, mean z^2 %.2f%n",
              h, h + 1, c[0], c[1] / (double) c[0], c[2] / (double) c[0], c[3] / (double) c[0], SUMS[h][0] / c[0],
              SUMS[h][1] / c[0], SUMS[h][2] / c[0]));
          java.util.Arrays.fill(SUMS[h], 0);
        }
        java.util.Arrays.fill(c, 0);
      }
      return b.toString();
    }
  }
  /** {@code -Dptrial.trace=-2}: trace every patient (lines prefixed with the patient's seed). */
  static boolean traced(long seed) {
    return TRACE == seed % 1000 || TRACE == -2;
  }
  /** Diagnostics only: -Dptrial.modifiedAdvice=false runs the bedside before a modified proposal's advice counted. */
  static final boolean MODIFIED_ADVICE = !"false".equals(System.getProperty("ptrial.modifiedAdvice"));
  /** Grams of glucose per mmol. */
  static final double G_PER_MMOL = 0.18016;
  static final Map<String, String> DRUG_OF_CHANNEL = Map.of("glucose_enteral", "enteral-nutrition",
      "glucose_parenteral", "parenteral-nutrition", "glucose_dextrose", "dextrose");
  static final Map<String, String> CHANNEL_OF_DRUG = Map.of("enteral-nutrition", "glucose_enteral",
      "parenteral-nutrition", "glucose_parenteral", "dextrose", "glucose_dextrose");

  record Outcome(double timeInBand, double timeBelow4, double minimum, int measurements, int proposals,
      int replans, int withheld, int rescues) {}

  record Summary(List<Outcome> patients) {
    double meanTimeInBand() {
      return patients.stream().mapToDouble(Outcome::timeInBand).average().orElseThrow();
    }

    int rescues() {
      return patients.stream().mapToInt(Outcome::rescues).sum();
    }

    double meanTimeBelow4() {
      return patients.stream().mapToDouble(Outcome::timeBelow4).average().orElseThrow();
    }

    long patientsBelow2point2() {
      return patients.stream().filter(o -> o.minimum() < 2.2).count();
    }

    @Override
    public String toString() {
      return String.format(java.util.Locale.ROOT,
          "%d patients: time in 4.4-8.0 %.1f%%, time < 4.0 %.2f%%, patients with true BG < 2.2: %d, lowest %.2f,"
              + " measurements/day %.1f, proposals %d (after an input change %d), withheld %d, rescues %d",
          patients.size(), 100 * meanTimeInBand(), 100 * meanTimeBelow4(), patientsBelow2point2(),
          patients.stream().mapToDouble(Outcome::minimum).min().orElseThrow(),
          patients.stream().mapToDouble(Outcome::measurements).average().orElseThrow() / (HOURS / 24),
          patients.stream().mapToInt(Outcome::proposals).sum(), patients.stream().mapToInt(Outcome::replans).sum(),
          patients.stream().mapToInt(Outcome::withheld).sum(), patients.stream().mapToInt(Outcome::rescues).sum());
    }
  }

  static Summary runIcing(int n, long seed, boolean cgm) {
    return runIcing(n, seed, cgm, true);
  }

  /**
   * {@code shipped}: the proposal timing of {@link ProposalTiming}; false: the server's timing before
   * 2026-12-07, for comparison (a proposal only after an applied reading once 15 min had passed, or
   * after a low; none after a feed change, a refused reading or a reading a proposal asked for sooner).
   */
  static Summary runIcing(int n, long seed, boolean cgm, boolean shipped) {
    var out = new ArrayList<Outcome>();
    List<GlucosePatientSpec> cohort = GlucoseCohort.generate(n, seed);
    for (int i = 0; i < n; i++) {
      GlucosePatientSpec s = cohort.get(i);
      out.add(new Run(s.create(), s.weightKg(), s.initialGlucoseMmolPerL(), s.nutrition(), seed * 1000 + i, cgm, shipped).run());
    }
    return new Summary(out);
  }

  static Summary runHovorka(int n, long seed, boolean cgm) {
    return runHovorka(n, seed, cgm, true);
  }

  static Summary runHovorka(int n, long seed, boolean cgm, boolean shipped) {
    var out = new ArrayList<Outcome>();
    List<HovorkaGlucoseSpec> cohort = GlucoseCohort.generateHovorka(n, seed);
    for (int i = 0; i < n; i++) {
      HovorkaGlucoseSpec s = cohort.get(i);
      out.add(new Run(s.create(), s.weightKg(), s.initialGlucoseMmolPerL(), s.nutrition(), seed * 1000 + i, cgm, shipped).run());
    }
    return new Summary(out);
  }

  /** One patient's stay. */
  static final class Run {
    private final VirtualPatient patient;
    private final PatientTwin twin;
    private final List<DoseEvent> nutrition;
    private final boolean cgm;
    private final boolean shipped;
    private final Sensor lab;
    private final Sensor cgmSensor;
    /** The prescription of each glucose input (g/h), and what runs (after accepted advice). */
    private final Map<String, Double> prescribed = new HashMap<>();
    private final Map<String, Double> running = new HashMap<>();
    /** The part of the dextrose the protocol added to the clinician's own, g/h. */
    private double protocolDextrose;
    private double insulinUPerH;
    private Optional<ProposalDraft> last = Optional.empty();
    private double bloodDue = 0;
    private boolean newestIsBlood;
    private int seq;
    private final long seed;
    private int measurements;
    private int proposals;
    private int replans;
    private int withheld;
    private int rescues;
    /** Diagnostics: accepted proposals' predicted 90% intervals still to be compared with the truth. */
    private final java.util.ArrayDeque<double[]> pending = new java.util.ArrayDeque<>();

    Run(VirtualPatient patient, double weightKg, double initialGlucose, DosingSchedule nutrition, long seed,
        boolean cgm, boolean shipped) {
      this.patient = patient;
      this.seed = seed;
      this.nutrition = nutrition.events();
      this.cgm = cgm;
      this.shipped = shipped;
      this.lab = new SampledSensor(SampledSensor.Config.labGlucose(), seed);
      this.cgmSensor = new CgmSensor(CgmSensor.Config.typical(), seed + 7);
      this.twin = PatientTwin.create(new TwinSpec("trial-" + seed, TwinKind.GLUCOSE_INSULIN, "adult-icu",
          Covariates.none().weightKg(weightKg), ADMITTED, OptionalDouble.of(initialGlucose), Optional.empty()), LIBRARY);
      this.bloodDue = cgm ? Double.POSITIVE_INFINITY : 0;
    }

    Outcome run() {
      int nextNutrition = 0;
      int inBand = 0;
      int below4 = 0;
      int samples = 0;
      double minimum = Double.POSITIVE_INFINITY;
      for (double t = 0; t <= HOURS * 60 + 1e-9; t += 5) {
        patient.advanceTo(t);
        double g = patient.trueValue("glucose");
        if (CALIB) {
          for (var it = pending.iterator(); it.hasNext(); ) {
            double[] q = it.next();
            if (q[0] <= t + 1e-9) {
              Calibration.add(q, g);
              it.remove();
            }
          }
        }
        samples++;
        inBand += g >= 4.4 && g <= 8.0 ? 1 : 0;
        below4 += g < 4.0 ? 1 : 0;
        minimum = Math.min(minimum, g);
        while (nextNutrition < nutrition.size() && nutrition.get(nextNutrition).timeMin() <= t) {
          DoseEvent.RateChange rc = (DoseEvent.RateChange) nutrition.get(nextNutrition++);
          double gPerH = rc.rate() * G_PER_MMOL * 60;
          String drug = DRUG_OF_CHANNEL.get(rc.channel());
          prescribed.put(drug, gPerH);
          // A prescription change resets the feed to it; the protocol's dextrose stays on top of the clinician's.
          setGlucoseInput(t, drug, drug.equals("dextrose") ? gPerH + protocolDextrose : gPerH);
        }
        if (cgm) {
          Reading r = patient.read(cgmSensor);
          if (r.value().isPresent()) {
            double v = r.value().getAsDouble();
            observe(t, "cgm", v);
            bloodDue = v < 4.0 ? Math.min(bloodDue, t + NURSE_RESPONSE_MIN) : bloodDue;
          }
          if (twin.stale(at(t)).isPresent()) {
            bloodDue = Math.min(bloodDue, t + NURSE_RESPONSE_MIN); // the server's stale-data alert
          }
        }
        if (bloodDue <= t + 1e-9) {
          Reading b = patient.read(lab);
          if (b.value().isPresent()) {
            bloodDue = Double.POSITIVE_INFINITY;
            observe(t, "lab", b.value().getAsDouble());
          } else {
            bloodDue = t + 30; // missed sample: tried again in 30 min
          }
        }
      }
      return new Outcome((double) inBand / samples, (double) below4 / samples, minimum, measurements, proposals, replans,
          withheld, rescues);
    }

    private Instant at(double t) {
      return ADMITTED.plus(Duration.ofMillis(Math.round(t * 60_000)));
    }

    private void observe(double t, String sensorClass, double value) {
      measurements++;
      ItemResult r = twin.observe(new TwinObservation(sensorClass + (seq++), at(t), "glucose", sensorClass, value, false));
      if (traced(seed)) {
        System.out.printf(java.util.Locale.ROOT, "TRACE " + (TRACE == -2 ? seed + " " : "") + "t %6.1f h G %5.2f %s reading %5.2f %s%n", t / 60,
            patient.trueValue("glucose"), sensorClass, value, r.applied() ? "applied" : r.reason());
      }
      if (r.applied()) {
        newestIsBlood = !sensorClass.equals("cgm");
      }
      boolean urgent = ProposalTiming.beyondRiskLimit(twin.target(), value, "mmol/L")
          && ProposalTiming.urgentDue(TwinKind.GLUCOSE_INSULIN, last, at(t));
      boolean routine = shipped ? ProposalTiming.counts(r) && ProposalTiming.due(TwinKind.GLUCOSE_INSULIN, last, at(t))
          : r.applied() && (last.isEmpty() || !at(t).isBefore(last.get().issuedAt().plus(Duration.ofMinutes(15))));
      if (routine || urgent) {
        decide(t);
      }
    }

    /** A pump's report of a glucose input (g/h) and the patient's rate; a new plan when the twin asks for one. */
    private void setGlucoseInput(double t, String drug, double gPerH) {
      running.put(drug, gPerH);
      patient.setRate(CHANNEL_OF_DRUG.get(drug), gPerH / G_PER_MMOL / 60);
      ItemResult r = twin.administer(new TwinDose("pump" + (seq++), at(t), drug, false, gPerH, "g/h"));
      if (r.replan() && shipped) {
        replans++;
        decide(t);
      }
    }

    /** The twin proposes; the clinician decides at once. */
    private void decide(double t) {
      ProposalDraft p = twin.recommend(at(t));
      if (traced(seed)) {
        System.out.printf(java.util.Locale.ROOT, "TRACE " + (TRACE == -2 ? seed + " " : "") + "t %6.1f h G %5.2f proposed %s current %s decision %s reasons %s safety %s next %s feeds %s%n",
            t / 60, patient.trueValue("glucose"), p.proposed().map(Object::toString).orElse("-"),
            p.current().map(Object::toString).orElse("-"), p.decision(), p.reasons(), p.safetyReasons(),
            p.nextMeasurementAt(), running);
      }
      proposals++;
      last = Optional.of(p);
      boolean accept = p.deliverable();
      if (accept && CALIB) {
        for (var pp : p.underProposal()) {
          double at = Duration.between(ADMITTED, pp.time()).toMillis() / 60_000.0;
          double lead = at - t;
          if (lead > 1 && pp.isFinite()) {
            pending.add(new double[] {Math.ceil(at / 5) * 5, lead, pp.mean(), pp.lower90(), pp.upper90()});
          }
        }
      }
      if (accept) {
        twin.accepted(p);
      } else {
        withheld++;
        if (MODIFIED_ADVICE) {
          twin.modified(p);
        }
      }
      if (p.dextroseMmol().isPresent()) {
        rescues++;
        patient.giveBolus("dextrose_bolus", p.dextroseMmol().getAsDouble());
        if (!accept) {
          // Modified: the clinician charts the rescue, which the twin then counts.
          twin.administer(new TwinDose("rescue" + (seq++), at(t), "dextrose", true,
              p.dextroseMmol().getAsDouble() * G_PER_MMOL, "g"));
        }
      }
      for (ProposalDraft.FeedAdvice a : p.feedAdvice()) {
        if (a.drug().equals("dextrose")) {
          protocolDextrose = Math.max(0, a.advised() - prescribed.getOrDefault("dextrose", 0.0));
        }
        running.put(a.drug(), a.advised());
        patient.setRate(CHANNEL_OF_DRUG.get(a.drug()), a.advised() / G_PER_MMOL / 60);
        twin.administer(new TwinDose("pump" + (seq++), at(t), a.drug(), false, a.advised(), "g/h"));
      }
      if (accept) {
        double uPerH = Units.convert(p.proposed().get().value(), p.proposed().get().unit(), "[iU]/h");
        if (uPerH != insulinUPerH) {
          insulinUPerH = uPerH;
          patient.setRate("insulin_iv", uPerH * 1000 / 60);
          twin.administer(new TwinDose("pump" + (seq++), at(t), "insulin", false, uPerH, "[iU]/h"));
        }
      }
      double next = Duration.between(ADMITTED, p.nextMeasurementAt()).toMillis() / 60_000.0;
      if (!cgm) {
        bloodDue = Math.max(next, t); // the newest proposal's advice
      } else if (newestIsBlood) {
        bloodDue = Math.min(bloodDue, Math.max(next, t + NURSE_RESPONSE_MIN)); // CGM-failure protocol
      }
    }
  }
}
