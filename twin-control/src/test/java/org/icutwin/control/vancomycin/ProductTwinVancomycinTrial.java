package org.icutwin.control.vancomycin;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import org.icutwin.control.twin.ItemResult;
import org.icutwin.control.twin.PatientTwin;
import org.icutwin.control.twin.ProposalDraft;
import org.icutwin.control.twin.ProposalTiming;
import org.icutwin.control.twin.TwinDose;
import org.icutwin.control.twin.TwinKind;
import org.icutwin.control.twin.TwinObservation;
import org.icutwin.control.twin.TwinSpec;
import org.icutwin.core.druglib.DrugLibrary;
import org.icutwin.core.simulation.DosingSchedule;
import org.icutwin.core.virtual.Reading;
import org.icutwin.core.virtual.SampledSensor;
import org.icutwin.core.virtual.VancomycinCohort;
import org.icutwin.core.virtual.VancomycinPatient;

/**
 * The vancomycin trial through the product's own twin ({@link PatientTwin}, as the server holds it)
 * and the server's timing (a proposal at every level, {@link ProposalTiming}). At admission the twin
 * proposes a regimen; the clinician accepts every proposal; the pump reports each infusion as a
 * rate in mg/h and its stop; levels are drawn when the newest proposal advises
 * ({@code nextMeasurementAt}) and reported 30 min later (the laboratory's turnaround; a sample the
 * laboratory lost is drawn again when it says so, once); each result
 * brings a proposal whose regimen replaces the infusions not yet started. Outcome: the true AUC24
 * on day 2 and day 3, as {@link VancomycinTrial}.
 */
final class ProductTwinVancomycinTrial {

  static final Instant ADMITTED = Instant.parse("2026-03-01T06:00:00Z");
  static final double DAY = 1440;
  static final double TURNAROUND_MIN = 30;

  static VancomycinTrial.Summary run(DrugLibrary library, int n, long seed) {
    var outcomes = new ArrayList<VancomycinTrial.Outcome>();
    int i = 0;
    for (VancomycinCohort.Spec spec : VancomycinCohort.generate(n, seed)) {
      outcomes.add(runOne(library, spec, seed * 31 + i++));
    }
    int b2 = 0;
    int b3 = 0;
    int both = 0;
    int tox = 0;
    boolean kept = true;
    for (VancomycinTrial.Outcome o : outcomes) {
      kept &= o.limitsKept();
      boolean in2 = o.auc2() >= 400 && o.auc2() <= 600;
      boolean in3 = o.auc3() >= 400 && o.auc3() <= 600;
      b2 += in2 ? 1 : 0;
      b3 += in3 ? 1 : 0;
      both += in2 && in3 ? 1 : 0;
      tox += o.auc2() > 700 || o.auc3() > 700 ? 1 : 0;
    }
    double m = outcomes.size();
    return new VancomycinTrial.Summary(outcomes.size(), b2 / m, b3 / m, both / m, tox / m, kept, List.copyOf(outcomes));
  }

  private static Instant at(double min) {
    return ADMITTED.plus(Duration.ofMillis(Math.round(min * 60_000)));
  }

  private static double minutes(Instant t) {
    return Duration.between(ADMITTED, t).toMillis() / 60_000.0;
  }

  static VancomycinTrial.Outcome runOne(DrugLibrary library, VancomycinCohort.Spec spec, long sensorSeed) {
    VancomycinPatient patient = spec.create();
    SampledSensor assay = new SampledSensor(SampledSensor.Config.vancomycinAssay(), sensorSeed);
    PatientTwin twin = PatientTwin.create(new TwinSpec("vanco-" + sensorSeed, TwinKind.VANCOMYCIN, "adult-icu",
        VancomycinTrial.covariates(spec), ADMITTED, OptionalDouble.empty(), Optional.empty()), library);
    // Planned infusions not yet started: start minute -> {mg, minutes}.
    TreeMap<Double, double[]> planned = new TreeMap<>();
    ProposalDraft p = twin.recommend(ADMITTED);
    twin.accepted(p); // as the server does on ACCEPT (the vancomycin twin keeps nothing of it)
    follow(p, planned, 0);
    double levelAt = minutes(p.nextMeasurementAt());
    int levels = 0;
    int seq = 0;
    var given = new ArrayList<VancomycinDose>();
    boolean redrawn = false;
    Optional<ProposalDraft> last = Optional.of(p);
    while (true) {
      double nextStart = planned.isEmpty() ? Double.POSITIVE_INFINITY : planned.firstKey();
      double next = Math.min(nextStart, levelAt);
      if (!(next < 3 * DAY)) {
        break;
      }
      if (nextStart <= levelAt) {
        double[] dose = planned.pollFirstEntry().getValue();
        given.add(new VancomycinDose(nextStart, dose[0], dose[1]));
        patient.advanceTo(nextStart);
        patient.follow(DosingSchedule.empty().infusion(nextStart, "infusion", dose[0], dose[1]));
        double mgPerH = dose[0] / dose[1] * 60;
        twin.administer(new TwinDose("pump-" + seq++, at(nextStart), "vancomycin", false, mgPerH, "mg/h"));
        twin.administer(new TwinDose("pump-" + seq++, at(nextStart + dose[1]), "vancomycin", false, 0, "mg/h"));
        continue;
      }
      // A level: drawn now, reported after the laboratory's turnaround; the doses due meanwhile run.
      patient.advanceTo(levelAt);
      Reading r = patient.read(assay);
      double reportedAt = levelAt + TURNAROUND_MIN;
      while (!planned.isEmpty() && planned.firstKey() < reportedAt) {
        double start = planned.firstKey();
        double[] dose = planned.pollFirstEntry().getValue();
        given.add(new VancomycinDose(start, dose[0], dose[1]));
        patient.follow(DosingSchedule.empty().infusion(start, "infusion", dose[0], dose[1]));
        twin.administer(new TwinDose("pump-" + seq++, at(start), "vancomycin", false, dose[0] / dose[1] * 60, "mg/h"));
        twin.administer(new TwinDose("pump-" + seq++, at(start + dose[1]), "vancomycin", false, 0, "mg/h"));
      }
      levelAt = Double.POSITIVE_INFINITY;
      if (r.value().isEmpty() && r.limit().isEmpty()) {
        // Lost by the laboratory, which says so with its turnaround: drawn again at once (once).
        levelAt = redrawn ? Double.POSITIVE_INFINITY : reportedAt;
        redrawn = !redrawn;
        continue;
      }
      redrawn = false;
      boolean below = r.value().isEmpty();
      double v = below ? r.limit().getAsDouble() : r.value().getAsDouble();
      ItemResult res = twin.observe(new TwinObservation("level-" + levels++, at(r.timeMin()), "vancomycin", "lab", v,
          below));
      if (!(ProposalTiming.counts(res) && ProposalTiming.due(TwinKind.VANCOMYCIN, last, at(reportedAt)))) {
        continue;
      }
      p = twin.recommend(at(reportedAt));
      twin.accepted(p);
      last = Optional.of(p);
      follow(p, planned, reportedAt);
      double advised = minutes(p.nextMeasurementAt());
      levelAt = advised > r.timeMin() ? Math.max(advised, reportedAt) : Double.POSITIVE_INFINITY;
    }
    patient.advanceTo(3 * DAY);
    boolean kept = new VancomycinDosingController(library, "adult-icu", VancomycinOptions.defaults()).limits()
        .violations(given, spec.weightKg()).isEmpty();
    return new VancomycinTrial.Outcome(spec.id(), patient.trueAuc24(2 * DAY), patient.trueAuc24(3 * DAY), kept, levels,
        patient.trueParameter("CL") * 60, p.parameters().getOrDefault("CL", Double.NaN), Double.NaN, Double.NaN);
  }

  /** The accepted regimen replaces every infusion not yet started, from its first dose on. */
  private static void follow(ProposalDraft p, TreeMap<Double, double[]> planned, double now) {
    ProposalDraft.Regimen g = p.regimen().orElseThrow();
    planned.clear();
    double first = Math.max(minutes(g.firstDoseAt()), now);
    double infusionMin = g.infusionH() * 60;
    double t = first;
    if (g.loadingDoseMg().isPresent()) {
      planned.put(t, new double[] {g.loadingDoseMg().getAsDouble(), Math.max(infusionMin,
          g.loadingDoseMg().getAsDouble() / g.doseMg() * infusionMin)});
      t += g.intervalH() * 60;
    }
    for (; t < 3 * DAY; t += g.intervalH() * 60) {
      planned.put(t, new double[] {g.doseMg(), infusionMin});
    }
  }
}
