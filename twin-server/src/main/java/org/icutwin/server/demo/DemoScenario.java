package org.icutwin.server.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.icutwin.core.units.Units;
import org.icutwin.core.virtual.ArterialLineSensor;
import org.icutwin.core.virtual.CgmSensor;
import org.icutwin.core.virtual.GlucoseCohort;
import org.icutwin.core.virtual.GlucosePatientSpec;
import org.icutwin.core.virtual.IcingGlucosePatient;
import org.icutwin.core.virtual.NorepinephrineCohort;
import org.icutwin.core.virtual.NorepinephrinePatient;
import org.icutwin.core.virtual.Reading;
import org.icutwin.core.virtual.SampledSensor;
import org.icutwin.core.virtual.VancomycinCohort;
import org.icutwin.core.virtual.VancomycinPatient;
import org.icutwin.core.virtual.VirtualPatient;
import org.icutwin.gateway.ingest.CodeRef;

/**
 * Three virtual ICU patients for the demo, each a different model from the twin's own (ICING
 * glucose, tolerance-drifting norepinephrine, 3-compartment vancomycin with changing renal
 * function), with the devices a bedside would have: CGM and glucometer, arterial line, infusion
 * pumps, and a laboratory that reports vancomycin levels over FHIR. Pure: the runner publishes
 * what {@link #advanceTo} returns and calls {@link #order} when a clinician's decision is to run.
 */
public final class DemoScenario {

  /** A demo patient: its id, bed, twin model and covariates, and its devices. */
  public record Patient(String patientId, String bed, String model, double weightKg, Double crclMlPerMin,
      Double initialValue, List<String> devices, String pumpId, String drug, String rateUnit) {
  }

  public static final String GLUCOSE = "demo-glucose";
  public static final String MAP = "demo-map";
  public static final String VANCO = "demo-vanco";

  private final Instant start;
  private final IcingGlucosePatient glucose;
  private final NorepinephrinePatient map;
  private final VancomycinPatient vanco;
  private final CgmSensor cgm;
  private final SampledSensor glucometer;
  private final ArterialLineSensor aline;
  private final SampledSensor vancoLab;
  private final List<Patient> patients;
  private double tMin;
  private double nextCgm = 5;
  private double nextPoc = 60;
  private double nextMap = 1;
  private double nextLevel = 6 * 60;
  private double nextVancoDose = 0;
  private double vancoStop = -1;
  private long seq;
  private final List<DemoMessage> pending = new ArrayList<>();
  /** The feeding pump of the glucose patient. */
  static final String FEED_PUMP = "demo-pump-feed-1";
  /**
   * The enteral feed (minute, g/h of carbohydrate): 60 mL/h of a 1 kcal/mL formula from admission,
   * held for 2 h from hour 10 (a procedure), then resumed.
   */
  static final double[][] FEED_PLAN = {{0, 7.5}, {600, 0}, {720, 7.5}};
  private int nextFeed = 1;

  public DemoScenario(Instant start, long seed) {
    this.start = start;
    GlucosePatientSpec g = GlucoseCohort.generate(1, seed).get(0);
    NorepinephrineCohort.Spec n = NorepinephrineCohort.generate(1, seed + 1).get(0);
    VancomycinCohort.Spec v = VancomycinCohort.generate(1, seed + 2).get(0);
    this.glucose = g.create();
    this.map = n.create();
    this.vanco = v.create();
    this.cgm = new CgmSensor(CgmSensor.Config.typical(), seed + 3);
    this.glucometer = new SampledSensor(SampledSensor.Config.pointOfCareGlucose(), seed + 4);
    this.aline = new ArterialLineSensor(ArterialLineSensor.Config.typical(), seed + 5);
    this.vancoLab = new SampledSensor(SampledSensor.Config.vancomycinAssay(), seed + 6);
    this.patients = List.of(
        new Patient(GLUCOSE, "ICU-1", "bergman-insulin", g.weightKg(), null, g.initialGlucoseMmolPerL(),
            List.of("demo-cgm-1", "demo-glucometer-1", "demo-pump-insulin-1", FEED_PUMP), "demo-pump-insulin-1",
            "insulin", "[iU]/h"),
        new Patient(MAP, "ICU-2", "norepinephrine-map", n.weightKg(), null, null,
            List.of("demo-aline-2", "demo-pump-noradr-2"), "demo-pump-noradr-2", "norepinephrine", "ug/kg/min"),
        new Patient(VANCO, "ICU-3", "vancomycin-goti2018", v.weightKg(), v.baselineCrclMlPerMin(), null,
            List.of("demo-pump-vanco-3"), "demo-pump-vanco-3", "vancomycin", "mg/h"));
    // Starting rates, as found at admission: insulin 2 U/h, norepinephrine 0.1 ug/kg/min.
    order(GLUCOSE, 2.0, "[iU]/h", start);
    order(MAP, 0.1, "ug/kg/min", start);
    feed(FEED_PLAN[0][1], 0);
  }

  /** The enteral feed runs on its own pump, reported in g/h of carbohydrate: at the rate, off for a procedure. */
  private void feed(double gramsPerHour, double minutes) {
    glucose.setRate("glucose_enteral", Units.convert(gramsPerHour, "g/h", "mmol/min",
        org.icutwin.core.units.ConversionContext.molarMass(org.icutwin.core.units.Substance.GLUCOSE
            .molarMassGramsPerMole())));
    pending.add(new DemoMessage.PumpRate(id("pump"), FEED_PUMP, "enteral-nutrition", gramsPerHour, "g/h", at(minutes)));
  }

  public List<Patient> patients() {
    return patients;
  }

  public Instant start() {
    return start;
  }

  private Instant at(double minutes) {
    return start.plusMillis(Math.round(minutes * 60_000));
  }

  /**
   * A message id unique across runs: a restarted demo (same data directory) starts its counter
   * again, and the ingest store refuses another value under a recorded id (ID_CONFLICT).
   */
  private String id(String prefix) {
    return String.format(Locale.ROOT, "%s-%d-%08d", prefix, start.getEpochSecond(), ++seq);
  }

  /** A clinician's order runs on the simulated pump from {@code time}: sets the rate, emits the pump event. */
  public void order(String patientId, double rate, String unit, Instant time) {
    Patient p = patients.stream().filter(x -> x.patientId().equals(patientId)).findFirst().orElseThrow();
    VirtualPatient v = virtual(patientId);
    double modelRate = switch (p.drug()) {
      case "insulin" -> Units.convert(rate, unit, "mU/min");
      case "norepinephrine" -> Units.convert(rate, unit, "ug/min",
          org.icutwin.core.units.ConversionContext.bodyWeight(p.weightKg()));
      default -> Units.convert(rate, unit, "mg/min");
    };
    v.setRate("infusion".equals(v.rateChannels().get(0)) ? "infusion" : "insulin_iv", modelRate);
    pending.add(new DemoMessage.PumpRate(id("pump"), p.pumpId(), p.drug(), rate, unit, time));
  }

  private VirtualPatient virtual(String patientId) {
    return switch (patientId) {
      case GLUCOSE -> glucose;
      case MAP -> map;
      default -> vanco;
    };
  }

  /** Advances the patients to {@code now} and returns what the devices sent meanwhile, in time order. */
  public List<DemoMessage> advanceTo(Instant now) {
    double target = Duration.between(start, now).toMillis() / 60_000.0;
    var out = new ArrayList<DemoMessage>(pending);
    pending.clear();
    while (true) {
      double feedChange = nextFeed < FEED_PLAN.length ? FEED_PLAN[nextFeed][0] : Double.POSITIVE_INFINITY;
      double next = Math.min(Math.min(Math.min(nextCgm, nextPoc), feedChange), Math.min(Math.min(nextMap, nextLevel),
          Math.min(nextVancoDose, vancoStop < 0 ? Double.POSITIVE_INFINITY : vancoStop)));
      if (next > target) {
        break;
      }
      tMin = next;
      glucose.advanceTo(tMin);
      map.advanceTo(tMin);
      vanco.advanceTo(tMin);
      if (tMin == feedChange) {
        feed(FEED_PLAN[nextFeed][1], tMin);
        out.addAll(pending);
        pending.clear();
        nextFeed++;
      } else if (tMin == nextVancoDose) {
        vanco.setRate("infusion", 1000.0 / 60);
        out.add(new DemoMessage.PumpRate(id("pump"), "demo-pump-vanco-3", "vancomycin", 1000, "mg/h", at(tMin)));
        vancoStop = tMin + 60;
        nextVancoDose = tMin + 12 * 60;
      } else if (tMin == vancoStop) {
        vanco.setRate("infusion", 0);
        out.add(new DemoMessage.PumpRate(id("pump"), "demo-pump-vanco-3", "vancomycin", 0, "mg/h", at(tMin)));
        vancoStop = -1;
      } else if (tMin == nextCgm) {
        emit(out, glucose.read(cgm), "demo-cgm-1", GLUCOSE, CodeRef.loinc("99504-3"), 18.016, "mg/dL", false);
        nextCgm += 5;
      } else if (tMin == nextPoc) {
        emit(out, glucose.read(glucometer), "demo-glucometer-1", GLUCOSE, CodeRef.loinc("14743-9"), 1, "mmol/L",
            false);
        nextPoc += 60;
      } else if (tMin == nextMap) {
        emit(out, map.read(aline), "demo-aline-2", MAP, CodeRef.mdc("150039"), 1, "mm[Hg]", false);
        nextMap += 1;
      } else if (tMin == nextLevel) {
        emit(out, vanco.read(vancoLab), "lab", VANCO, CodeRef.loinc("20578-1"), 1, "mg/L", true);
        nextLevel += 12 * 60;
      }
    }
    return out;
  }

  private void emit(List<DemoMessage> out, Reading r, String device, String patient, CodeRef code, double factor,
      String unit, boolean viaFhir) {
    if (r.value().isEmpty()) {
      return; // a missed sample or a gap: the device sends nothing
    }
    double v = Math.round(r.value().getAsDouble() * factor * 100) / 100.0;
    out.add(new DemoMessage.Measurement(id(device), device, patient, code, v, unit, at(r.timeMin()), viaFhir));
  }
}
