package org.icutwin.control.trial;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
import org.icutwin.core.model.Covariates;
import org.icutwin.core.units.ConversionContext;
import org.icutwin.core.units.Units;
import org.icutwin.core.virtual.ArterialLineSensor;
import org.icutwin.core.virtual.NorepinephrineCohort;
import org.icutwin.core.virtual.NorepinephrinePatient;
import org.icutwin.core.virtual.Reading;

/**
 * The norepinephrine trial of {@link NorepinephrineClosedLoopTrial} run through the product's own
 * twin ({@link PatientTwin}) and the server's proposal timing ({@link ProposalTiming}): the arterial
 * line's 1-min MAP goes in as {@link TwinObservation}s, the pump's rate as {@link TwinDose}s in the
 * library's unit; a proposal comes when the timing says so (every 5 min, a low MAP at most every
 * minute), every deliverable one is accepted and the pump reports it, a withheld one keeps the rate.
 */
final class ProductTwinNorepinephrineTrial {

  static final Instant ADMITTED = Instant.parse("2026-03-01T06:00:00Z");

  /** The outcomes, and how many proposals the clinicians saw (a measure of their work). */
  record Result(NorepinephrineClosedLoopTrial.Summary summary, int proposals) {
    @Override
    public String toString() {
      return summary + String.format(java.util.Locale.ROOT, ", %.0f proposals a patient-day",
          (double) proposals / summary.patients().size() / (NorepinephrineClosedLoopTrial.HOURS / 24));
    }
  }

  static Result run(int n, long seed) {
    var out = new ArrayList<NorepinephrineClosedLoopTrial.Outcome>();
    List<NorepinephrineCohort.Spec> cohort = NorepinephrineCohort.generate(n, seed);
    int[] proposals = {0};
    for (int i = 0; i < n; i++) {
      out.add(runPatient(cohort.get(i), seed * 1000 + i, proposals));
    }
    return new Result(new NorepinephrineClosedLoopTrial.Summary(out), proposals[0]);
  }

  static NorepinephrineClosedLoopTrial.Outcome runPatient(NorepinephrineCohort.Spec spec, long seed, int[] proposals) {
    NorepinephrinePatient patient = spec.create();
    PatientTwin twin = PatientTwin.create(new TwinSpec("ne-" + seed, TwinKind.NOREPINEPHRINE_MAP, "adult-icu",
        Covariates.none().weightKg(spec.weightKg()), ADMITTED, OptionalDouble.empty(), Optional.empty()),
        GlucoseClosedLoopTrial.LIBRARY);
    var line = new ArterialLineSensor(ArterialLineSensor.Config.typical(), seed);
    ConversionContext weight = ConversionContext.bodyWeight(spec.weightKg());
    Optional<ProposalDraft> last = Optional.empty();
    double rateUgPerMin = 0;
    int inBand = 0;
    int below = 0;
    int belowLater = 0;
    int samples = 0;
    double doseSum = 0;
    int withheld = 0;
    for (double t = 1; t <= NorepinephrineClosedLoopTrial.HOURS * 60 + 1e-9; t += 1) {
      patient.advanceTo(t);
      double map = patient.trueValue("map");
      samples++;
      inBand += map >= 65 && map <= 75 ? 1 : 0;
      below += map < 65 ? 1 : 0;
      belowLater += map < 65 && t > 60 ? 1 : 0;
      doseSum += rateUgPerMin / spec.weightKg();
      Reading r = patient.read(line);
      if (r.value().isEmpty()) {
        continue;
      }
      Instant now = ADMITTED.plus(Duration.ofMinutes(Math.round(t)));
      double v = r.value().getAsDouble();
      ItemResult res = twin.observe(new TwinObservation("map" + Math.round(t), now, "map", "arterial-line", v, false));
      boolean urgent = ProposalTiming.beyondRiskLimit(twin.target(), v, twin.target().unit())
          && ProposalTiming.urgentDue(TwinKind.NOREPINEPHRINE_MAP, last, now);
      if (!(urgent || ProposalTiming.counts(res) && ProposalTiming.due(TwinKind.NOREPINEPHRINE_MAP, last, now))) {
        continue;
      }
      ProposalDraft p = twin.recommend(now);
      proposals[0]++;
      last = Optional.of(p);
      if (!p.deliverable()) {
        withheld++; // the clinician keeps the rate and reviews
        continue;
      }
      twin.accepted(p);
      double proposed = Units.convert(p.proposed().get().value(), p.proposed().get().unit(), "ug/min", weight);
      if (proposed != rateUgPerMin) {
        rateUgPerMin = proposed;
        patient.setRate("infusion", rateUgPerMin);
        twin.administer(new TwinDose("pump" + Math.round(t), now, "norepinephrine", false,
            p.proposed().get().value(), p.proposed().get().unit()));
      }
    }
    return new NorepinephrineClosedLoopTrial.Outcome((double) inBand / samples, (double) below / samples,
        (double) belowLater / (samples - 60), doseSum / samples, withheld);
  }
}
