package org.icutwin.control.twin;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import org.icutwin.control.vancomycin.AucForecast;
import org.icutwin.control.vancomycin.VancomycinDose;
import org.icutwin.control.vancomycin.VancomycinDosingController;
import org.icutwin.control.vancomycin.VancomycinOptions;
import org.icutwin.control.vancomycin.VancomycinReason;
import org.icutwin.control.vancomycin.VancomycinRecommendation;
import org.icutwin.control.vancomycin.VancomycinRegimen;
import org.icutwin.control.vancomycin.VancomycinRequest;
import org.icutwin.core.catalog.ModelCatalog;
import org.icutwin.core.druglib.DrugLibrary;
import org.icutwin.core.model.PhysiologicalModel;
import org.icutwin.core.units.Quantity;
import org.icutwin.core.units.Units;
import org.icutwin.estimation.Observation;

/**
 * A vancomycin twin: serum levels and the infusions actually given, personalised by a Bayesian MAP
 * fit of the Goti 2018 model at each question, and an AUC24-targeted regimen from
 * {@link VancomycinDosingController}. Infusions arrive as pump rate changes (mg/h, 0 = stop) or as
 * whole doses (mg, run at the library's maximum infusion rate, at least 1 h).
 */
final class VancomycinTwin implements PatientTwin {

  private final TwinSpec spec;
  private final PhysiologicalModel model = ModelCatalog.vancomycinGoti2018();
  private final VancomycinDosingController controller;
  private final Target target;
  private final List<Observation> levels = new ArrayList<>();
  private final TreeMap<Double, Double> ratesMgPerH = new TreeMap<>();
  private final List<VancomycinDose> wholeDoses = new ArrayList<>();
  private final double maxRateMgPerH;
  private final org.icutwin.core.druglib.DrugLibraryEntry entry;
  private int applied;
  private int rejected;

  VancomycinTwin(TwinSpec spec, DrugLibrary library) {
    this.spec = spec;
    VancomycinOptions options = VancomycinOptions.defaults();
    if (spec.band().isPresent()) {
      TwinSpec.Band b = spec.band().get();
      VancomycinOptions d = options;
      options = new VancomycinOptions(b.low(), b.high(), (b.low() + b.high()) / 2, Math.max(d.toxicMgHPerL(), b.high()),
          d.maxToxicRisk(), d.toxicPenalty(), d.doseStepMg(), d.intervalsH(), d.loadingMgPerKg(), d.minInfusionH(),
          d.infusionStepH(), d.samples(), d.seed(), d.softLimits(), d.nextLevelStepMin());
    }
    this.controller = new VancomycinDosingController(library, spec.careArea(), options);
    this.target = new Target("auc24", "mg.h/L", options.bandLowMgHPerL(), options.bandHighMgHPerL(),
        options.toxicMgHPerL(), true);
    this.maxRateMgPerH = controller.limits().maxRateMgPerH();
    this.entry = library.entry("vancomycin", spec.careArea());
    ratesMgPerH.put(Double.NEGATIVE_INFINITY, 0.0);
  }

  static VancomycinTwin restore(TwinSpec spec, DrugLibrary library, TwinExport.VancomycinState st) {
    VancomycinTwin t = new VancomycinTwin(spec, library);
    var noise = t.model.measurements().get(t.model.measurementIndex("concentration")).noise();
    for (TwinExport.Level l : st.levels()) {
      t.levels.add(l.belowLoq()
          ? Observation.belowLoq(l.id(), l.timeMin(), "concentration", l.valueMgPerL(), noise, l.sensorClass())
          : Observation.of(l.id(), l.timeMin(), "concentration", l.valueMgPerL(), noise, l.sensorClass()));
    }
    t.ratesMgPerH.clear();
    double[] starts = st.rateStartsMin();
    double[] values = st.ratesMgPerH();
    for (int i = 0; i < starts.length; i++) {
      t.ratesMgPerH.put(starts[i], values[i]);
    }
    st.wholeDoses().forEach(d -> t.wholeDoses.add(new VancomycinDose(d.startMin(), d.amountMg(), d.durationMin())));
    t.applied = st.applied();
    t.rejected = st.rejected();
    return t;
  }

  @Override
  public TwinExport exportState() {
    var ls = levels.stream().map(l -> new TwinExport.Level(l.id(), l.timeMin(), l.value(),
        l.kind() == Observation.Kind.BELOW_LOQ, l.source())).toList();
    double[] starts = new double[ratesMgPerH.size()];
    double[] values = new double[ratesMgPerH.size()];
    int i = 0;
    for (Map.Entry<Double, Double> e : ratesMgPerH.entrySet()) {
      starts[i] = e.getKey();
      values[i++] = e.getValue();
    }
    var ds = wholeDoses.stream().map(d -> new TwinExport.WholeDose(d.startMin(), d.amountMg(), d.durationMin()))
        .toList();
    return new TwinExport(TwinExport.FORMAT_VERSION, TwinKind.VANCOMYCIN.name(), null,
        new TwinExport.VancomycinState(ls, starts, values, ds, applied, rejected));
  }

  @Override
  public Target target() {
    return target;
  }

  @Override
  public TwinSpec spec() {
    return spec;
  }

  @Override
  public ItemResult observe(TwinObservation o) {
    if (!o.quantity().equals(TwinKind.VANCOMYCIN.quantity())) {
      return ItemResult.notApplied("CONTEXT_ONLY", o.quantity() + " is recorded but is not an output of " + model.id());
    }
    double t = spec.minutes(o.time());
    if (t < 0) {
      rejected++;
      return ItemResult.notApplied("BEFORE_ADMISSION", "level at " + o.time() + " is before admission");
    }
    if (levels.stream().anyMatch(l -> l.id().equals(o.id()))) {
      return ItemResult.notApplied("DUPLICATE", "level " + o.id() + " was already recorded");
    }
    var noise = model.measurements().get(model.measurementIndex("concentration")).noise();
    levels.add(o.belowLoq() ? Observation.belowLoq(o.id(), t, "concentration", o.value(), noise, o.sensorClass())
        : Observation.of(o.id(), t, "concentration", o.value(), noise, o.sensorClass()));
    applied++;
    return ItemResult.ok();
  }

  /**
   * A corrected level replaces the one under {@code originalId}; the MAP fit reads all levels at each
   * question, so nothing else needs re-running. A level never received is taken as a new one.
   */
  @Override
  public ItemResult revise(String originalId, TwinObservation corrected) {
    if (!corrected.quantity().equals(TwinKind.VANCOMYCIN.quantity())) {
      return ItemResult.notApplied("CONTEXT_ONLY", corrected.quantity() + " is recorded but is not an output of "
          + model.id());
    }
    var renamed = new TwinObservation(originalId, corrected.time(), corrected.quantity(), corrected.sensorClass(),
        corrected.value(), corrected.belowLoq());
    int at = indexOfLevel(originalId);
    if (at < 0) {
      return observe(renamed);
    }
    if (spec.minutes(corrected.time()) < 0) {
      return ItemResult.notApplied("BEFORE_ADMISSION", "level at " + corrected.time() + " is before admission");
    }
    levels.remove(at);
    applied--;
    return observe(renamed);
  }

  @Override
  public ItemResult withdraw(String originalId, Instant sampleTime) {
    int at = indexOfLevel(originalId);
    if (at < 0) {
      return ItemResult.notApplied("UNKNOWN_ITEM", "no level " + originalId + " is held");
    }
    levels.remove(at);
    applied--;
    return ItemResult.ok();
  }

  /**
   * A vancomycin dose charted in error: the whole dose or the pump rate it recorded is dropped (the
   * twin keeps doses by time and amount, which {@code original} states); the MAP fit reads the doses
   * afresh at each question, so nothing else needs re-running.
   */
  @Override
  public ItemResult withdrawDose(TwinDose original) {
    if (!original.drug().equals("vancomycin")) {
      return ItemResult.notApplied("OTHER_DRUG", original.drug() + " is recorded but not modelled by " + model.id()
          + ": nothing to take back");
    }
    double t = spec.minutes(original.time());
    if (original.bolus()) {
      double mg = Units.convert(original.amount(), original.unit(), "mg");
      for (int i = 0; i < wholeDoses.size(); i++) {
        if (wholeDoses.get(i).startMin() == t && wholeDoses.get(i).amountMg() == mg) {
          wholeDoses.remove(i);
          return ItemResult.ok();
        }
      }
    } else {
      double mgPerH = Units.convert(original.amount(), original.unit(), "mg/h");
      Double running = ratesMgPerH.get(t);
      if (running != null && running == mgPerH) {
        ratesMgPerH.remove(t);
        return ItemResult.ok();
      }
    }
    return ItemResult.notApplied("UNKNOWN_ITEM", "no vancomycin dose " + original.id() + " at " + original.time()
        + " is held");
  }

  private int indexOfLevel(String id) {
    for (int i = 0; i < levels.size(); i++) {
      if (levels.get(i).id().equals(id)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public ItemResult administer(TwinDose d) {
    if (!d.drug().equals("vancomycin")) {
      return ItemResult.notApplied("OTHER_DRUG", d.drug() + " is recorded but not modelled by " + model.id());
    }
    double t = spec.minutes(d.time());
    if (t < 0) {
      return ItemResult.notApplied("BEFORE_ADMISSION", "dose at " + d.time() + " is before admission");
    }
    if (d.bolus()) {
      double mg = Units.convert(d.amount(), d.unit(), "mg");
      if (mg > 0) {
        wholeDoses.add(new VancomycinDose(t, mg, Math.max(60, mg / maxRateMgPerH * 60)));
      }
    } else {
      ratesMgPerH.put(t, Units.convert(d.amount(), d.unit(), "mg/h"));
    }
    return ItemResult.ok();
  }

  /** Doses given up to {@code now}: whole doses plus pump segments (a running infusion counts up to now). */
  private List<VancomycinDose> history(double now) {
    var out = new ArrayList<VancomycinDose>();
    for (VancomycinDose d : wholeDoses) {
      if (d.startMin() <= now) {
        out.add(d);
      }
    }
    var entries = new ArrayList<>(ratesMgPerH.entrySet());
    for (int i = 0; i < entries.size(); i++) {
      double rate = entries.get(i).getValue();
      double start = entries.get(i).getKey();
      double end = i + 1 < entries.size() ? Math.min(entries.get(i + 1).getKey(), now) : now;
      if (rate > 0 && end > start && start <= now) {
        out.add(new VancomycinDose(start, rate * (end - start) / 60, end - start));
      }
    }
    return out;
  }

  private VancomycinRecommendation fit(double now) {
    List<Observation> upToNow = levels.stream().filter(l -> l.timeMin() <= now).toList();
    return controller.recommend(new VancomycinRequest(spec.covariates(), history(now), upToNow, now, now));
  }

  @Override
  public TwinView describe(Instant asOf) {
    double now = spec.minutes(asOf);
    VancomycinRecommendation r = fit(now);
    AucForecast first = r.forecasts().get(0);
    var params = new ArrayList<Interval>();
    params.add(new Interval("CL", "L/h", r.clearanceLPerH(), r.clearanceLower90LPerH(), r.clearanceUpper90LPerH()));
    double spread = 100 * (r.clearanceUpper90LPerH() / r.clearanceLPerH() - 1);
    String words = levels.isEmpty() ? "no levels yet: clearance is the population value for the covariates"
        : String.format(Locale.ROOT, "clearance known to within about +%.0f%% (90%%) from %d level(s)", spread,
            levels.size());
    Optional<Instant> last = levels.stream().mapToDouble(Observation::timeMin).filter(t -> t <= now).max().stream()
        .boxed().findFirst().map(spec::instant);
    return new TwinView(model.id(), asOf, new Interval("auc24", "mg.h/L", first.auc24MgHPerL(), first.lower90(),
        first.upper90()), List.of(), params, last, "NOT_MONITORED", words, applied, rejected);
  }

  @Override
  public List<PredictionPoint> forecast(Instant asOf, Duration horizon) {
    return aucPoints(fit(spec.minutes(asOf)));
  }

  private List<PredictionPoint> aucPoints(VancomycinRecommendation r) {
    return r.forecasts().stream().map(f -> new PredictionPoint(spec.instant(f.windowStartMin()), f.auc24MgHPerL(),
        f.lower90(), f.upper90())).toList();
  }

  @Override
  public ProposalDraft recommend(Instant asOf) {
    double now = spec.minutes(asOf);
    VancomycinRecommendation r = fit(now);
    VancomycinRegimen g = r.regimen();
    var regimen = new ProposalDraft.Regimen(
        g.loadingDose().map(d -> OptionalDouble.of(d.amountMg())).orElse(OptionalDouble.empty()), g.maintenanceDoseMg(),
        g.intervalH(), g.infusionDurationH(), spec.instant(g.firstDoseMin()));
    Map<String, Double> parameters = new LinkedHashMap<>();
    for (int i = 0; i < r.parameterNames().size(); i++) {
      parameters.put(r.parameterNames().get(i), r.theta().get(i));
    }
    boolean limited = r.has(VancomycinReason.DOSE_LIMITED_BY_LIBRARY)
        || r.has(VancomycinReason.LOADING_DOSE_LIMITED_BY_LIBRARY);
    double first = g.loadingDose().map(VancomycinDose::amountMg).orElse(g.maintenanceDoseMg());
    return new ProposalDraft("vancomycin", spec.careArea(), ProposalDraft.Kind.REGIMEN,
        Optional.of(new Quantity(first, "mg")), Optional.empty(), Optional.of(regimen), List.of(), asOf,
        asOf.plus(Duration.ofHours(1)), limited ? "CLIPPED" : "PASSED", false,
        r.reasons().stream().map(Enum::name).sorted().toList(), List.of(), OptionalDouble.empty(),
        // The sampling protocol's next level; the D-optimal time when the protocol has none left.
        spec.instant(Double.isFinite(r.scheduledLevelMin()) ? r.scheduledLevelMin() : r.nextLevelMin()), "auc24",
        "mg.h/L", aucPoints(r), List.of(), r.modelId(), parameters);
  }

  /**
   * Clinician regimens side by side ({@link VancomycinDosingController#compare}): AUC24 on the
   * proposal's target days and the serum concentration every 30 min over {@code horizon}, on the
   * same posterior samples as each other and as the proposal, with any hard limit a regimen breaks.
   */
  @Override
  public List<WhatIf.Outcome> whatIf(Instant asOf, List<WhatIf.Regimen> regimens, Duration horizon) {
    if (regimens.isEmpty() || regimens.size() > 6) {
      throw new IllegalArgumentException("give 1 to 6 regimens to compare, got " + regimens.size());
    }
    double now = spec.minutes(asOf);
    var asked = new ArrayList<VancomycinRegimen>();
    for (WhatIf.Regimen r : regimens) {
      if (r.doses().isEmpty()) {
        throw new IllegalArgumentException("regimen '" + r.name() + "': vancomycin is given as intermittent doses, so"
            + " a what-if regimen needs doseMg and intervalH (optionally loadingDoseMg, infusionH, firstDose)");
      }
      WhatIf.Doses d = r.doses().get();
      double start = d.firstDose().map(spec::minutes).orElse(now);
      if (start > now + horizon.toMinutes()) {
        throw new IllegalArgumentException("regimen '" + r.name() + "' starts at " + d.firstDose().get()
            + ", after the question's horizon (" + horizon.toHours() + " h from " + asOf + ")");
      }
      if (start < now) {
        throw new IllegalArgumentException("regimen '" + r.name() + "' starts at " + d.firstDose().get()
            + ", before the question's time " + asOf + ": doses already given are recorded as doses");
      }
      double infusionH = d.infusionH().orElse(controller.infusionHoursFor(d.doseMg()));
      if (infusionH >= d.intervalH()) {
        throw new IllegalArgumentException("regimen '" + r.name() + "': " + d.doseMg() + " mg takes " + infusionH
            + " h to infuse (at least 1 h, and no faster than the library's maximum rate), not shorter than the "
            + d.intervalH() + " h interval");
      }
      Optional<VancomycinDose> loading = d.loadingDoseMg().isPresent()
          ? Optional.of(new VancomycinDose(start, d.loadingDoseMg().getAsDouble(),
              controller.infusionHoursFor(d.loadingDoseMg().getAsDouble()) * 60))
          : Optional.empty();
      asked.add(new VancomycinRegimen(loading, d.doseMg(), d.intervalH(), infusionH, start));
    }
    int n = (int) Math.max(1, Math.min(Math.floor(horizon.toMinutes() / 30.0), 2 * 24 * 2));
    double[] times = new double[n];
    for (int i = 0; i < n; i++) {
      times[i] = now + (i + 1) * 30.0;
    }
    List<Observation> upToNow = levels.stream().filter(l -> l.timeMin() <= now).toList();
    var outcomes = controller.compare(new VancomycinRequest(spec.covariates(), history(now), upToNow, now, now),
        asked, times);
    var out = new ArrayList<WhatIf.Outcome>();
    for (int i = 0; i < outcomes.size(); i++) {
      var o = outcomes.get(i);
      double[] med = o.median();
      double[] lo = o.lower90();
      double[] hi = o.upper90();
      var band = new ArrayList<PredictionPoint>();
      for (int k = 0; k < times.length; k++) {
        band.add(new PredictionPoint(spec.instant(times[k]), med[k], lo[k], hi[k]));
      }
      var windows = o.auc24().stream().map(f -> new WhatIf.AucWindow(spec.instant(f.windowStartMin()),
          f.auc24MgHPerL(), f.lower90(), f.upper90(), f.probabilityInBand(), f.probabilityBelowBand(),
          f.probabilityAboveToxic())).toList();
      double inBand = windows.stream().mapToDouble(WhatIf.AucWindow::probabilityInBand).average().orElse(0);
      double below = windows.stream().mapToDouble(WhatIf.AucWindow::probabilityBelowBand).max().orElse(0);
      out.add(new WhatIf.Outcome(regimens.get(i).name(), band, inBand, below, windows, o.hardLimitBreaches()));
    }
    return out;
  }

  @Override
  public Quantity inLibraryUnit(double value, String unit) {
    return new Quantity(Units.convert(value, unit, "mg", org.icutwin.core.units.ConversionContext.none()), "mg");
  }

  @Override
  public ClinicianCheck checkClinicianDose(Instant at, double value, String unit, String clinicianId,
      Optional<String> overrideReason) {
    double now = spec.minutes(at);
    var given = new ArrayList<org.icutwin.control.safety.Administration>();
    for (VancomycinDose d : history(now)) {
      given.add(new org.icutwin.control.safety.Administration(d.startMin(), new Quantity(d.amountMg(), "mg")));
    }
    return ClinicianCheck.of(entry, "vancomycin", spec.careArea(), false, value, unit, now, "concentration", "mg/L",
        given, spec.weightKg(), Optional.empty(), clinicianId, overrideReason);
  }

  @Override
  public void accepted(ProposalDraft proposal) {
    // The regimen's doses enter the twin when the pump reports them, not on acceptance.
  }
}
