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
import org.icutwin.control.mpc.ControlProblem;
import org.icutwin.control.mpc.HypoglycaemiaProtocol;
import org.icutwin.control.mpc.MpcConfig;
import org.icutwin.control.mpc.NonlinearMpc;
import org.icutwin.control.mpc.Plan;
import org.icutwin.control.recommend.InfusionRecommender;
import org.icutwin.control.recommend.DextroseInfusionAdvice;
import org.icutwin.control.recommend.NutritionAdvice;
import org.icutwin.control.recommend.ReadingTrend;
import org.icutwin.control.recommend.Recommendation;
import org.icutwin.control.recommend.RecommendationReason;
import org.icutwin.control.safety.Administration;
import org.icutwin.control.safety.ProposedAction;
import org.icutwin.control.safety.SafetyConfig;
import org.icutwin.control.safety.SafetyDecision;
import org.icutwin.control.safety.SafetyEnvelope;
import org.icutwin.control.safety.SafetyReason;
import org.icutwin.control.safety.SafetyRequest;
import org.icutwin.control.safety.TwinStatus;
import org.icutwin.core.catalog.BergmanInsulinModel;
import org.icutwin.core.catalog.ModelCatalog;
import org.icutwin.core.druglib.DrugLibrary;
import org.icutwin.core.druglib.DrugLibraryEntry;
import org.icutwin.core.model.NoiseModel;
import org.icutwin.core.model.ParameterVectors;
import org.icutwin.core.model.PhysiologicalModel;
import org.icutwin.core.model.StateVariable;
import org.icutwin.core.simulation.DoseEvent;
import org.icutwin.core.simulation.DosingSchedule;
import org.icutwin.core.units.ConversionContext;
import org.icutwin.core.units.Quantity;
import org.icutwin.core.units.Substance;
import org.icutwin.core.units.Units;
import org.icutwin.estimation.Observation;
import org.icutwin.estimation.filter.Estimate;
import org.icutwin.estimation.filter.EstimatedParameter;
import org.icutwin.estimation.filter.EstimationSetup;
import org.icutwin.estimation.filter.Forecast;
import org.icutwin.estimation.filter.Propagators;
import org.icutwin.estimation.filter.StateEstimator;
import org.icutwin.estimation.filter.UnscentedKalmanFilter;
import org.icutwin.estimation.timeline.FilterTimeline;
import org.icutwin.estimation.timeline.ItemStatus;
import org.icutwin.estimation.timeline.QualityRule;
import org.icutwin.estimation.timeline.RejectionReason;
import org.icutwin.estimation.timeline.TimelineConfig;

/**
 * A twin for a continuous infusion (insulin/glucose, norepinephrine/MAP): a UKF on the model with
 * drifting parameters behind a late-data timeline, and the MPC recommendation chain (controller,
 * protocol, safety envelope) against the drug library. Settings follow the closed-loop trials in
 * docs/control.md.
 */
final class InfusionTwin implements PatientTwin {

  private static final double Z90 = 1.6448536269514722;
  /** Pieces the dose history is cut into for the 24-h cap (a running rate counts where it ran). */
  private static final double HISTORY_PIECE_MIN = 15;

  private final TwinSpec spec;
  private final TwinKind kind;
  private final PhysiologicalModel model;
  /** Replaced only when the twin is restored from an export (see {@link #restore}). */
  private FilterTimeline timeline;
  private final InfusionRecommender recommender;
  private final MpcConfig mpc;
  private final DrugLibraryEntry entry;
  /** The most the hypoglycaemia protocol may advise for a dextrose infusion, g/h (the library's dextrose entry). */
  private final double dextroseLimitGPerH;
  private final String libraryRateUnit;
  private final String modelRateUnit;
  private final String modelAmountUnit;
  private final ConversionContext conversion;
  /** The parameters the twin was built with (population values for its covariates). */
  private final double[] baseTheta;
  private final List<String> estimated;
  private final EstimationSetup setup;
  /** Rate segments (start minute → model rate), in time order; late doses are inserted in place. */
  private final TreeMap<Double, Double> rates = new TreeMap<>();
  private final List<Administration> boluses = new ArrayList<>();
  /**
   * Feeds and dextrose infusions reported to a glucose twin (g/h of glucose), by drug library id,
   * for nutrition and dextrose advice. For {@code dextrose} the goal is the clinician's own rate,
   * which the hypoglycaemia protocol adds to and weans back to.
   */
  private final TreeMap<String, TwinExport.Feed> feeds = new TreeMap<>();
  private final double expiryMin;
  private Plan previousPlan;
  private double latestReading = Double.NaN;
  private double latestReadingTime = Double.NEGATIVE_INFINITY;
  private double lastRescueMin = Double.NEGATIVE_INFINITY;
  /** The accepted rescue that a reported dextrose bolus has been matched to (so it is not counted twice). */
  private double rescueDocumentedMin = Double.NEGATIVE_INFINITY;
  /** The newest dextrose bolus reported and counted that documented no rescue (-Infinity: none). */
  private double lastDextroseMin = Double.NEGATIVE_INFINITY;
  /** When the nutrition's glucose was last cut by half or more (NaN: never); see HypoglycaemiaProtocol.isFeedCut. */
  private double feedCutAtMin = Double.NaN;
  /** When a reading below the hypoglycaemia protocol's suspend threshold was last taken (NaN: never). */
  private double lowReadingAtMin = Double.NaN;
  /** The library's entries for the feeds and dextrose a glucose twin may advise on (empty for other twins). */
  private final Map<String, Optional<DrugLibraryEntry>> adviceEntries;
  /** Checks the feed and dextrose advice against the library, as it checks the proposals. */
  /** The safety envelope's limits: its checks, and the stale-data limit the twin reports ({@link #stale}). */
  private static final SafetyConfig SAFETY = SafetyConfig.defaults();
  private final SafetyEnvelope envelope = new SafetyEnvelope(SAFETY);
  private int applied;
  private int rejected;

  InfusionTwin(TwinSpec spec, DrugLibrary library) {
    this.spec = spec;
    this.kind = spec.kind();
    this.model = ModelCatalog.byId(kind.modelId());
    this.entry = library.find(kind.drug(), spec.careArea()).orElseThrow(() -> new IllegalArgumentException(
        "the drug library has no entry for " + kind.drug() + " in care area '" + spec.careArea() + "'"));
    this.libraryRateUnit = entry.doseRate().orElseThrow(() -> new IllegalArgumentException(
        "drug library entry " + entry.id() + " sets no rate limits")).limits().unit();
    // Only a glucose twin advises dextrose; it reads a weight-based entry for this patient.
    var entries = new TreeMap<String, Optional<DrugLibraryEntry>>();
    if (kind == TwinKind.GLUCOSE_INSULIN) {
      GLUCOSE_INPUTS.forEach(d -> entries.put(d, library.find(d, spec.careArea())));
    }
    this.adviceEntries = Map.copyOf(entries);
    this.dextroseLimitGPerH = kind == TwinKind.GLUCOSE_INSULIN
        ? DextroseInfusionAdvice.limitGPerH(adviceEntries.get("dextrose"), spec.weightKg())
        : Double.POSITIVE_INFINITY;
    double weight = spec.weightKg();
    this.conversion = ConversionContext.bodyWeight(weight);
    requirePlausible(spec, kind, model);
    double[] theta = ParameterVectors.typical(model, spec.covariates());
    this.baseTheta = theta.clone();
    EstimationSetup setup;
    if (kind == TwinKind.GLUCOSE_INSULIN) {
      double g0 = spec.initialValue().orElse(theta[BergmanInsulinModel.GB]);
      double g0Sd = spec.initialValue().isPresent() ? 1.0 : 3.0;
      setup = new EstimationSetup(model, theta,
          // p3 may drift by 1.0 in log per √day (about 20% an hour, STAR-like variability): with 0.5
          // a Hovorka cohort measured hourly to 4-hourly had 12 severe lows in 120 patients, with 1.0
          // 5 (3 with the reading-trend rule as well; docs/control.md).
          List.of(EstimatedParameter.drifting("p3", 0.6, 1.0), EstimatedParameter.drifting("Gb", 0.25, 0.2)),
          GlucoseTwinStates.initialMean(g0, theta), GlucoseTwinStates.initialSd(g0Sd),
          GlucoseTwinStates.processSd(0.05), 0);
      this.mpc = glucoseConfig(spec.band());
      this.expiryMin = 30;
    } else {
      setup = NorepinephrineSettings.estimation(model, theta);
      this.mpc = NorepinephrineSettings.mpc(spec.band(), weight);
      this.expiryMin = 10;
    }
    this.estimated = setup.estimated().stream().map(EstimatedParameter::name).toList();
    this.setup = setup;
    this.timeline = new FilterTimeline(new UnscentedKalmanFilter(setup, Propagators.forModel(model, 1.0)), model,
        timelineConfig(spec));
    this.modelRateUnit = model.rateInputs().get(PhysiologicalModel.indexOfChannel(model.rateInputs(),
        mpc.rateChannel(), model.id())).unit();
    this.modelAmountUnit = "(" + modelRateUnit + ").min";
    this.recommender = new InfusionRecommender(new NonlinearMpc(mpc), envelope,
        Optional.of(entry), kind.drug(), spec.careArea(),
        kind == TwinKind.GLUCOSE_INSULIN ? Optional.of(PROTOCOL) : Optional.empty(), expiryMin);
    rates.put(Double.NEGATIVE_INFINITY, 0.0);
  }

  /** The estimation defaults with the admission's late window, when it sets one. */
  static TimelineConfig timelineConfig(TwinSpec spec) {
    TimelineConfig d = TimelineConfig.defaults();
    return spec.lateWindowMin().isEmpty() ? d
        : new TimelineConfig(spec.lateWindowMin().getAsDouble(), d.gateProbability(), d.rules(), d.driftWindowMin());
  }

  static InfusionTwin restore(TwinSpec spec, DrugLibrary library, TwinExport.InfusionState st) {
    InfusionTwin t = new InfusionTwin(spec, library);
    t.timeline = FilterTimeline.restore(t.timeline.snapshot(), t.model, timelineConfig(spec), st.timeline());
    t.rates.clear();
    double[] starts = st.rateStartsMin();
    double[] values = st.ratesModel();
    for (int i = 0; i < starts.length; i++) {
      t.rates.put(starts[i], values[i]);
    }
    for (TwinExport.Bolus b : st.boluses()) {
      t.boluses.add(new Administration(b.timeMin(), new Quantity(b.amount(), b.unit())));
    }
    t.previousPlan = st.previousPlanRates().length == 0 ? null
        : new Plan(st.previousPlanRates(), st.previousPlanStartsMin());
    t.latestReading = st.latestReading();
    t.latestReadingTime = st.latestReadingTimeMin();
    t.lastRescueMin = st.lastRescueMin();
    t.rescueDocumentedMin = st.rescueDocumentedMin();
    t.lastDextroseMin = st.lastDextroseMin();
    t.feedCutAtMin = st.feedCutAtMin();
    t.lowReadingAtMin = st.lowReadingAtMin();
    st.feeds().forEach(f -> t.feeds.put(f.drug(), f));
    t.applied = st.applied();
    t.rejected = st.rejected();
    return t;
  }

  @Override
  public TwinExport exportState() {
    double[] starts = new double[rates.size()];
    double[] values = new double[rates.size()];
    int i = 0;
    for (Map.Entry<Double, Double> e : rates.entrySet()) {
      starts[i] = e.getKey();
      values[i++] = e.getValue();
    }
    var bs = boluses.stream().map(b -> new TwinExport.Bolus(b.timeMin(), b.amount().value(), b.amount().unit()))
        .toList();
    double[] none = new double[0];
    var st = new TwinExport.InfusionState(timeline.exportState(), starts, values, bs,
        previousPlan == null ? none : previousPlan.rates(), previousPlan == null ? none : previousPlan.startsMin(),
        latestReading, latestReadingTime, lastRescueMin, rescueDocumentedMin, lastDextroseMin,
        List.copyOf(feeds.values()), feedCutAtMin, lowReadingAtMin, applied, rejected);
    return new TwinExport(TwinExport.FORMAT_VERSION, kind.name(), st, null);
  }

  /** Glucose: STAR band 4.4-8.0 by default; a custom band keeps the set point mid-band and the risk limit below it. */
  static MpcConfig glucoseConfig(Optional<TwinSpec.Band> band) {
    MpcConfig d = MpcConfig.insulin();
    if (band.isEmpty()) {
      return d;
    }
    double lo = band.get().low();
    double hi = band.get().high();
    return new MpcConfig(d.rateChannel(), d.output(), lo, hi, (lo + hi) / 2, Math.min(d.riskThreshold(), lo - 0.4),
        d.riskZ(), false, d.blockLengthsMin(), d.gridMin(), d.minRate(), d.maxRate(), d.maxChangePerMove(),
        d.moveWeight(), d.maxIterations(), d.stopWhenFirstMoveSettles(), d.timeLimitMillis(), true,
        d.outputRisesWithRate());
  }

  @Override
  public Target target() {
    int k = model.measurementIndex(kind.output());
    return new Target(kind.output(), model.measurements().get(k).unit(), mpc.bandLow(), mpc.bandHigh(),
        mpc.riskThreshold(), mpc.riskAbove());
  }

  @Override
  public TwinSpec spec() {
    return spec;
  }

  @Override
  public ItemResult observe(TwinObservation o) {
    if (!o.quantity().equals(kind.quantity())) {
      return ItemResult.notApplied("CONTEXT_ONLY", o.quantity() + " is recorded but is not an output of " + model.id());
    }
    double t = spec.minutes(o.time());
    if (t < 0) {
      rejected++;
      return ItemResult.notApplied("BEFORE_ADMISSION", "sample at " + o.time() + " is before admission at "
          + spec.admittedAt());
    }
    noteLow(o, t);
    Observation obs = observation(o.id(), o, t);
    ItemStatus status = null;
    try {
      status = timeline.ingest(obs);
    } finally {
      // Also when the twin failed on the reading (status null): a low still counts for the protocol.
      noteLatest(status, o, t);
    }
    return count(status);
  }

  private Observation observation(String id, TwinObservation o, double t) {
    NoiseModel noise = noise(o.sensorClass());
    return o.belowLoq() ? Observation.belowLoq(id, t, kind.output(), o.value(), noise, o.sensorClass())
        : Observation.of(id, t, kind.output(), o.value(), noise, o.sensorClass());
  }

  /** What {@link FilterTimeline#revise} and {@link FilterTimeline#withdraw} answer when they changed nothing. */
  private static final java.util.Set<RejectionReason> REVISION_REFUSED = java.util.EnumSet.of(
      RejectionReason.REVISION_BEYOND_WINDOW, RejectionReason.WITHDRAWN, RejectionReason.UNKNOWN_ITEM,
      RejectionReason.BEFORE_START, RejectionReason.UNKNOWN_MEASUREMENT);

  @Override
  public ItemResult revise(String originalId, TwinObservation corrected) {
    if (!corrected.quantity().equals(kind.quantity())) {
      return ItemResult.notApplied("CONTEXT_ONLY", corrected.quantity() + " is recorded but is not an output of "
          + model.id());
    }
    double t = spec.minutes(corrected.time());
    if (t < 0) {
      return ItemResult.notApplied("BEFORE_ADMISSION", "sample at " + corrected.time() + " is before admission at "
          + spec.admittedAt());
    }
    Optional<ItemStatus> before = timeline.held(originalId);
    ItemStatus status = timeline.revise(observation(originalId, corrected, t));
    RejectionReason refused = status.reason().filter(REVISION_REFUSED::contains).orElse(null);
    if (refused == RejectionReason.UNKNOWN_ITEM) {
      // Never received (or no longer held): the corrected result is a reading like any other.
      return observe(new TwinObservation(originalId, corrected.time(), corrected.quantity(), corrected.sensorClass(),
          corrected.value(), corrected.belowLoq()));
    }
    if (refused != null) {
      return ItemResult.notApplied(refused.name(), refused == RejectionReason.REVISION_BEYOND_WINDOW
          ? beyondWindow(originalId) : status.detail());
    }
    rereadProtocol();
    before.ifPresent(this::uncount);
    return count(status);
  }

  /** Takes back what {@link #count} counted for an item that was replaced or withdrawn. */
  private void uncount(ItemStatus s) {
    if (s.applied()) {
      applied--;
    } else {
      rejected--;
    }
  }

  @Override
  public ItemResult withdraw(String originalId, Instant sampleTime) {
    Optional<ItemStatus> before = timeline.held(originalId);
    ItemStatus status = timeline.withdraw(originalId, spec.minutes(sampleTime));
    if (before.isEmpty() || status.reason().orElse(null) != RejectionReason.WITHDRAWN) {
      return ItemResult.notApplied(status.reason().map(Enum::name).orElse("NOT_APPLIED"),
          status.reason().orElse(null) == RejectionReason.REVISION_BEYOND_WINDOW ? beyondWindow(originalId)
              : status.detail());
    }
    rereadProtocol();
    uncount(before.get());
    return ItemResult.ok();
  }

  @Override
  public ItemResult withdrawDose(TwinDose original) {
    if (kind == TwinKind.GLUCOSE_INSULIN && GLUCOSE_INPUTS.contains(original.drug())) {
      return ItemResult.notApplied("NOT_SUPPORTED", original.drug() + " reports are not withdrawn: the feed the twin"
          + " believes runs follows the reports; chart the rate that ran as a new report");
    }
    if (!original.drug().equals(kind.drug())) {
      return ItemResult.notApplied("OTHER_DRUG", original.drug() + " is recorded but not modelled by " + model.id()
          + ": nothing to take back");
    }
    Optional<DoseEvent> held = timeline.heldDose(original.id());
    ItemStatus status = timeline.withdraw(original.id(), spec.minutes(original.time()));
    if (held.isEmpty() || status.reason().orElse(null) != RejectionReason.WITHDRAWN) {
      return ItemResult.notApplied(status.reason().map(Enum::name).orElse("NOT_APPLIED"),
          status.reason().orElse(null) == RejectionReason.REVISION_BEYOND_WINDOW
              ? beyondWindow(original.id(), "the estimate keeps the dose") : status.detail());
    }
    // The dosing history forgets what the dose set: a bolus, or the rate it started.
    DoseEvent e = held.get();
    if (e instanceof DoseEvent.Bolus b) {
      for (int i = 0; i < boluses.size(); i++) {
        Administration a = boluses.get(i);
        if (a.timeMin() == b.timeMin() && a.amount().value() == b.amount()) {
          boluses.remove(i);
          break;
        }
      }
    } else if (rates.containsKey(e.timeMin())
        && rates.get(e.timeMin()) == ((DoseEvent.RateChange) e).rate()) {
      rates.remove(e.timeMin());
    }
    return ItemResult.ok();
  }

  /** A revision refused as older than the late window, in clock time for the clinician. */
  private String beyondWindow(String originalId) {
    return beyondWindow(originalId, "the estimate keeps the first value");
  }

  private String beyondWindow(String originalId, String consequence) {
    return originalId + " is older than the twin's late window (" + Math.round(timelineConfig(spec).lateWindowMin())
        + " min before its newest data, " + spec.instant(timeline.estimate().timeMin()) + "): " + consequence;
  }

  /**
   * After a correction or withdrawal changed the retained readings: the protocol's latest reading
   * and its last blood-glucose low, read again from them as {@link #observe} would have set them.
   * A reading older than the retained history (the late window plus one drift window, longer than
   * the hold after a low) no longer counts; with no reading left the latest reading is unknown.
   */
  private void rereadProtocol() {
    latestReading = Double.NaN;
    latestReadingTime = Double.NEGATIVE_INFINITY;
    lowReadingAtMin = Double.NaN;
    for (FilterTimeline.Logged l : timeline.observations(kind.output())) {
      Observation o = l.observation();
      TwinObservation reading = new TwinObservation(o.id(), spec.instant(o.timeMin()), kind.quantity(), o.source(), o.value(),
          o.kind() == Observation.Kind.BELOW_LOQ);
      noteLow(reading, o.timeMin());
      noteLatest(l.status(), reading, o.timeMin());
    }
  }

  @Override
  public void noteUnapplied(TwinObservation o) {
    double t = spec.minutes(o.time());
    if (o.quantity().equals(kind.quantity()) && t >= 0) {
      noteLow(o, t);
      noteLatest(null, o, t);
    }
  }

  /**
   * A low measured in blood (laboratory, point of care) starts the protocol's hold, whether or not
   * the twin accepts the reading, as the suspend itself does. A CGM low suspends insulin while it is
   * the newest reading and asks for a blood glucose, but holds nothing by itself: near 4 mmol/L its
   * 10% noise reads low often (a hold on CGM lows cost 0.2-1.9 points in band on the trial's CGM
   * cohorts, docs/control.md).
   */
  private void noteLow(TwinObservation o, double t) {
    if (kind == TwinKind.GLUCOSE_INSULIN && !SensorClasses.CGM.equals(o.sensorClass()) && PROTOCOL.suspendsInsulin(o.value())
        && !(t <= lowReadingAtMin)) {
      lowReadingAtMin = t;
    }
  }

  /** The protocol's latest reading ({@code status} null: the twin failed on it). */
  private void noteLatest(ItemStatus status, TwinObservation o, double t) {
    if (t >= latestReadingTime && InfusionRecommender.Context.replacesLatestReading(status, o.value(), latestReading)) {
      latestReading = o.value();
      latestReadingTime = t;
    }
  }

  /**
   * An admission's initial value and target band must lie within the plausible range the twin
   * accepts readings in (QualityRule: glucose 0.5-60 mmol/L, MAP 10-250 mm[Hg]): a twin started at
   * an impossible value would propose doses from it before any measurement.
   */
  private static void requirePlausible(TwinSpec spec, TwinKind kind, PhysiologicalModel model) {
    QualityRule rule = TimelineConfig.defaults().rules().get(kind.output());
    if (rule == null) {
      return;
    }
    String unit = model.measurements().get(model.measurementIndex(kind.output())).unit();
    String range = "[" + rule.minPlausible() + ", " + rule.maxPlausible() + "] " + unit;
    if (spec.initialValue().isPresent()) {
      double v = spec.initialValue().getAsDouble();
      if (!(v >= rule.minPlausible() && v <= rule.maxPlausible())) {
        throw new IllegalArgumentException("initial " + kind.output() + " " + v + " " + unit
            + " is outside the plausible range " + range);
      }
    }
    spec.band().ifPresent(b -> {
      if (b.low() < rule.minPlausible() || b.high() > rule.maxPlausible()) {
        throw new IllegalArgumentException("target band [" + b.low() + ", " + b.high() + "] " + unit
            + " is outside the plausible range " + range);
      }
    });
  }

  private NoiseModel noise(String sensorClass) {
    if (kind == TwinKind.GLUCOSE_INSULIN) {
      return switch (sensorClass) {
        case SensorClasses.CGM -> new NoiseModel.Combined(0.3, 0.1);
        case SensorClasses.POC -> new NoiseModel.Combined(0.2, 0.06);
        default -> new NoiseModel.Combined(0.1, 0.04);
      };
    }
    return SensorClasses.ARTERIAL_LINE.equals(sensorClass) ? new NoiseModel.Additive(3.0) : new NoiseModel.Additive(5.0);
  }

  private ItemResult count(ItemStatus s) {
    if (s.applied()) {
      applied++;
      return ItemResult.ok();
    }
    rejected++;
    return ItemResult.notApplied(s.reason().map(Enum::name).orElse("NOT_APPLIED"), s.detail());
  }

  /**
   * Glucose a glucose twin takes besides insulin: drug library id to the Bergman model's rate
   * channel. The library gives them in grams of glucose (per hour); the model takes mmol (per min).
   */
  private static final java.util.Set<String> GLUCOSE_INPUTS = java.util.Set.of("dextrose", "enteral-nutrition",
      "parenteral-nutrition");

  /** A reported dextrose bolus this close to an accepted rescue (min before, min after) documents that rescue. */
  private static final double[] RESCUE_MATCH_MIN = {10, 30};

  @Override
  public ItemResult administer(TwinDose d) {
    if (kind == TwinKind.GLUCOSE_INSULIN && GLUCOSE_INPUTS.contains(d.drug())) {
      return glucoseInput(d);
    }
    if (!d.drug().equals(kind.drug())) {
      return ItemResult.notApplied("OTHER_DRUG", d.drug() + " is recorded but not modelled by " + model.id());
    }
    double t = spec.minutes(d.time());
    if (t < 0) {
      return ItemResult.notApplied("BEFORE_ADMISSION", "dose at " + d.time() + " is before admission");
    }
    if (d.bolus()) {
      String channel = kind == TwinKind.GLUCOSE_INSULIN ? "insulin_bolus" : model.bolusInputs().get(0).name();
      String unit = model.bolusInputs().get(PhysiologicalModel.indexOfChannel(model.bolusInputs(), channel, model.id()))
          .unit();
      double amount = Units.convert(d.amount(), d.unit(), unit, conversion);
      boluses.add(new Administration(t, new Quantity(amount, unit)));
      ItemStatus s = timeline.ingestDose(d.id(), new DoseEvent.Bolus(t, channel, amount));
      return s.applied() ? ItemResult.ok() : ItemResult.notApplied(s.reason().map(Enum::name).orElse(""), s.detail());
    }
    double rate = Units.convert(d.amount(), d.unit(), modelRateUnit, conversion);
    ItemStatus s = timeline.ingestDose(d.id(), new DoseEvent.RateChange(t, mpc.rateChannel(), rate));
    if (s.applied()) {
      rates.put(t, rate);
      return ItemResult.ok();
    }
    return ItemResult.notApplied(s.reason().map(Enum::name).orElse(""), s.detail());
  }

  /**
   * Dextrose, enteral or parenteral nutrition as glucose appearance: a rate change on its channel
   * (held until the next report, as pump rates are), or a dextrose bolus. The feed running now is
   * what the controller plans with; its future changes are not known in advance. A dextrose bolus
   * reported within 10 min before to 30 min after an accepted rescue is taken as that rescue's
   * documentation, which the twin counted when the rescue was accepted: recorded, not counted twice.
   */
  private ItemResult glucoseInput(TwinDose d) {
    double t = spec.minutes(d.time());
    if (t < 0) {
      return ItemResult.notApplied("BEFORE_ADMISSION", d.drug() + " at " + d.time() + " is before admission");
    }
    ConversionContext glucose = conversion.withMolarMass(Substance.GLUCOSE.molarMassGramsPerMole());
    DoseEvent event;
    if (d.bolus()) {
      if (!d.drug().equals("dextrose")) {
        return ItemResult.notApplied("NOT_A_BOLUS", d.drug() + " is taken as a rate (g/h of glucose), not as a bolus");
      }
      if (t >= lastRescueMin - RESCUE_MATCH_MIN[0] && t <= lastRescueMin + RESCUE_MATCH_MIN[1]
          && rescueDocumentedMin != lastRescueMin) {
        rescueDocumentedMin = lastRescueMin;
        return ItemResult.notApplied("RESCUE_ALREADY_COUNTED", "dextrose bolus " + d.id() + " documents the rescue"
            + " accepted at " + spec.instant(lastRescueMin) + ", which the twin counted when it was accepted");
      }
      event = new DoseEvent.Bolus(t, "dextrose_bolus", Units.convert(d.amount(), d.unit(), "mmol", glucose));
      lastDextroseMin = t;
    } else {
      event = new DoseEvent.RateChange(t, ModelCatalog.bindingFor(d.drug()).rateChannel(),
          Units.convert(d.amount(), d.unit(), "mmol/min", glucose));
    }
    ItemStatus s = timeline.ingestDose(d.id(), event);
    if (!s.applied()) {
      return ItemResult.notApplied(s.reason().map(Enum::name).orElse(""), s.detail());
    }
    if (!d.bolus() && feedReported(d.drug(), Units.convert(d.amount(), d.unit(), "g/h", glucose), t)
        && timeline.lastAppliedTime(kind.output()).isPresent()) {
      // A new plan is due; before the first reading there is none to replace (it would only ask for one).
      return ItemResult.okReplan();
    }
    return ItemResult.ok();
  }

  /** An accepted rescue is taken as given this long after the reading that triggered it, min (1 s). */
  private static final double RESCUE_AFTER_READING_MIN = 1.0 / 60;

  /**
   * What the twin believes about a feed after a report at {@code t}. The goal is what was
   * prescribed: a report of the same rate (a pump reconnecting, hourly charting) keeps everything; a
   * report of an accepted advice keeps the goal; any other rate is a new prescription and becomes
   * the goal. A report older than the newest one (arriving late) is in the model's inputs but does
   * not change what runs now.
   */
  private boolean feedReported(String drug, double gPerH, double t) {
    TwinExport.Feed prev = feeds.get(drug);
    if (prev != null && t < prev.reportedAtMin()) {
      return false;
    }
    double fedBefore = nutritionGPerH();
    boolean prescribed = updateFeed(drug, gPerH, t, prev);
    if (HypoglycaemiaProtocol.isFeedCut(fedBefore, nutritionGPerH())) {
      feedCutAtMin = t;
    }
    return prescribed && Math.abs(gPerH - (prev == null ? 0 : prev.current())) > FEED_MATCH_G_PER_H;
  }

  /** The nutrition's glucose running now as reported, g/h: every feed but the dextrose (a drug, not a feed). */
  private double nutritionGPerH() {
    return feeds.values().stream().filter(f -> !f.drug().equals("dextrose")).mapToDouble(TwinExport.Feed::current).sum();
  }

  /** Records a feed report; true when it is a new prescription (not a repeat, not an accepted advice carried out). */
  private boolean updateFeed(String drug, double gPerH, double t, TwinExport.Feed prev) {
    if (prev != null && Math.abs(gPerH - prev.current()) <= FEED_MATCH_G_PER_H) {
      feeds.put(drug, new TwinExport.Feed(drug, prev.current(), prev.goal(), prev.accepted(), prev.changedAtMin(), t,
          prev.acceptedAtMin()));
      return false;
    }
    boolean advised = prev != null && Math.abs(gPerH - prev.accepted()) <= FEED_MATCH_G_PER_H
        && Math.abs(t - prev.acceptedAtMin()) <= ADVICE_CARRIED_OUT_WITHIN_MIN;
    feeds.put(drug, new TwinExport.Feed(drug, gPerH, advised ? prev.goal() : gPerH, Double.NaN, t, t, Double.NaN));
    return !advised;
  }

  /** A reported feed within this of an accepted advice is that advice carried out, g/h. */
  private static final double FEED_MATCH_G_PER_H = 0.05;

  /**
   * An accepted feed or dextrose advice is carried out when a report of its rate comes within this
   * of the proposal's issue time (min; a proposal is accepted before it expires, within 30 min).
   * Later, the same rate is the clinician's own prescription: a rate a nurse sets hours later is not
   * the protocol's to wean.
   */
  static final double ADVICE_CARRIED_OUT_WITHIN_MIN = 60;

  /**
   * The nutrition and dextrose advice that goes with a glucose proposal (none for other twins): a
   * feed one step down or up ({@link NutritionAdvice}), a dextrose infusion started, raised or
   * weaned by the hypoglycaemia protocol ({@link DextroseInfusionAdvice}).
   */
  private List<ProposalDraft.FeedAdvice> feedAdvice(Recommendation rec, InfusionRecommender.Context context,
      List<Administration> given, double now) {
    if (kind != TwinKind.GLUCOSE_INSULIN) {
      return List.of();
    }
    boolean trusted = !rec.safety().has(SafetyReason.STALE_MEASUREMENT)
        && !rec.safety().has(SafetyReason.IMPLAUSIBLE_PREDICTION);
    var out = new ArrayList<>(nutritionAdvice(rec, given, now, trusted));
    TwinExport.Feed dx = feeds.get("dextrose");
    // Called by a reading: the one the dextrose decision read (a CGM low waiting for blood is none).
    InfusionRecommender.RescueReading read = InfusionRecommender.rescueReading(context, PROTOCOL, now);
    boolean rescueOnReading = rec.dextroseMmol().isPresent()
        && PROTOCOL.readingCallsForRescue(read.value(), now - read.timeMin(), now - lastRescueMin);
    DextroseInfusionAdvice.advise(DEXTROSE_RULE, rescueOnReading, now - lastRescueMin, latestReading,
        now - latestReadingTime, !rec.safety().has(SafetyReason.STALE_MEASUREMENT), dx == null ? 0 : dx.current(),
        dx == null ? 0 : dx.goal(), dx == null ? Double.POSITIVE_INFINITY : now - dx.changedAtMin(), dextroseLimitGPerH)
        .ifPresent(a -> out.add(new ProposalDraft.FeedAdvice("dextrose", a.currentGPerH(),
            onTenthWithin(a.advisedGPerH(), dextroseLimitGPerH), a.baselineGPerH(), a.reason().name())));
    return out.stream().map(a -> checked(a, now)).flatMap(Optional::stream).toList();
  }

  /**
   * The advice as the safety envelope lets it through ({@link SafetyEnvelope#checkAdvice}, the
   * library's entry for the advised drug and this patient's weight): as advised, clipped toward
   * the library's limits (then on the pump's 0.1 g/h within them, with the envelope's codes), or
   * none when withheld or when the clipped rate no longer moves the running rate the advised way.
   */
  private Optional<ProposalDraft.FeedAdvice> checked(ProposalDraft.FeedAdvice a, double now) {
    var request = new SafetyRequest(ProposedAction.rate(a.drug(), spec.careArea(), a.advised(), "g/h", now),
        Optional.of(Quantity.of(a.current(), "g/h")), List.of(), OptionalDouble.of(spec.weightKg()),
        TwinStatus.notConsulted(now, kind.output(), "mmol/L"),
        adviceEntries.getOrDefault(a.drug(), Optional.empty()), Optional.empty());
    SafetyDecision d = envelope.checkAdvice(request);
    if (!d.isDeliverable()) {
      return Optional.empty();
    }
    if (d.outcome() == SafetyDecision.Outcome.PASSED) {
      return Optional.of(a);
    }
    Quantity q = d.action().get().value();
    double v = Units.convert(q.value(), q.unit(), "g/h", conversion);
    boolean up = a.advised() > a.current();
    double onTenth = up ? Math.floor(v * 10 + 1e-9) / 10.0 : Math.ceil(v * 10 - 1e-9) / 10.0;
    if (up ? onTenth <= a.current() + FEED_MATCH_G_PER_H : onTenth >= a.current() - FEED_MATCH_G_PER_H) {
      return Optional.empty();
    }
    return Optional.of(new ProposalDraft.FeedAdvice(a.drug(), a.current(), onTenth, a.goal(), a.reason(),
        d.reasons().stream().map(SafetyReason::name).toList()));
  }

  /** A rate to the pump's 0.1 g/h, never past the limit by the rounding. */
  private static double onTenthWithin(double gPerH, double limit) {
    double r = Math.round(gPerH * 10) / 10.0;
    return r > limit ? Math.floor(limit * 10) / 10.0 : r;
  }

  /** The glucose twins' hypoglycaemia protocol (the recommender's). */
  private static final HypoglycaemiaProtocol PROTOCOL = HypoglycaemiaProtocol.standard();

  /** The hypoglycaemia protocol's dextrose infusion rule (a site's choice, docs/control.md). */
  private static final DextroseInfusionAdvice.Rule DEXTROSE_RULE = DextroseInfusionAdvice.Rule.standard();

  /** The nutrition advice that goes with a glucose proposal (none without a feed; dextrose is not a feed). */
  private List<ProposalDraft.FeedAdvice> nutritionAdvice(Recommendation rec, List<Administration> given, double now,
      boolean trusted) {
    if (feeds.keySet().stream().allMatch("dextrose"::equals)) {
      return List.of();
    }
    boolean constrained = rec.safety().has(SafetyReason.CUMULATIVE_24H_CAP) || rec.safety().has(SafetyReason.CAP_REDUCTION);
    if (!constrained && entry.cumulative24hMax().isPresent()) {
      Quantity cap = entry.cumulative24hMax().get();
      double total = 0;
      for (Administration a : given) {
        total += Units.convert(a.amount().value(), a.amount().unit(), cap.unit(), conversion);
      }
      constrained = total >= NutritionAdvice.CONSTRAINED_CAP_FRACTION * cap.value();
    }
    var current = new ArrayList<NutritionAdvice.Feed>();
    feeds.values().stream().filter(f -> !f.drug().equals("dextrose")).forEach(f -> current.add(
        new NutritionAdvice.Feed(f.drug(), f.current(), f.goal(), now - f.changedAtMin())));
    double estimateNow = rec.continueAsNow().isEmpty() ? Double.NaN : rec.continueAsNow().get(0).mean();
    return NutritionAdvice.forProposal(current, trusted, constrained, latestReading, estimateNow, mpc.bandHigh())
        .stream()
        .map(a -> new ProposalDraft.FeedAdvice(a.channel(), a.currentRate(), Math.round(a.advisedRate() * 10) / 10.0,
            a.goalRate(), a.reason().name()))
        .toList();
  }

  /** What was given in the last 24 h before {@code now}, cut into pieces, in model amount units. */
  private List<Administration> history(double now) {
    var out = new ArrayList<Administration>();
    double from = now - 24 * 60 - HISTORY_PIECE_MIN;
    var entries = new ArrayList<>(rates.entrySet());
    for (int i = 0; i < entries.size(); i++) {
      double rate = entries.get(i).getValue();
      double start = Math.max(entries.get(i).getKey(), from);
      double end = i + 1 < entries.size() ? Math.min(entries.get(i + 1).getKey(), now) : now;
      for (double a = start; rate > 0 && a < end; a += HISTORY_PIECE_MIN) {
        double b = Math.min(a + HISTORY_PIECE_MIN, end);
        out.add(new Administration(a, new Quantity(rate * (b - a), modelAmountUnit)));
      }
    }
    for (Administration b : boluses) {
      if (b.timeMin() >= from && b.timeMin() <= now) {
        out.add(b);
      }
    }
    out.sort(java.util.Comparator.comparingDouble(Administration::timeMin));
    return out;
  }

  /**
   * The twin's clock for a question as of {@code asOf}. An accepted rescue is taken one second after
   * the reading it answers ({@link #RESCUE_AFTER_READING_MIN}): a question as of that reading is
   * answered as of the rescue, so that accepting one does not shut the clinician out of the twin
   * until new data arrive. Earlier times are refused by {@link #estimatorAt}.
   */
  private double asOfMinutes(Instant asOf) {
    double now = spec.minutes(asOf);
    double applied = timeline.estimate().timeMin();
    return now < applied && now >= applied - RESCUE_AFTER_READING_MIN - 1e-9 ? applied : now;
  }

  private StateEstimator estimatorAt(double now) {
    StateEstimator est = timeline.snapshot();
    if (now < est.timeMin() - 1e-9) {
      throw new AsOfInPastException(spec.instant(est.timeMin()));
    }
    if (now > est.timeMin()) {
      est.predict(now, timeline.rates());
    }
    return est;
  }

  @Override
  public TwinView describe(Instant asOf) {
    double now = asOfMinutes(asOf);
    StateEstimator est = estimatorAt(now);
    Estimate e = est.estimate();
    var states = new ArrayList<Interval>();
    for (int i = 0; i < model.states().size(); i++) {
      StateVariable v = model.states().get(i);
      double[] ci = e.stateInterval90(i, v.lowerBound(), v.upperBound());
      states.add(new Interval(v.name(), v.unit(), e.mean(i), ci[0], ci[1]));
    }
    var params = new ArrayList<Interval>();
    var words = new ArrayList<String>();
    for (String p : estimated) {
      double[] ci = e.parameterInterval90(p);
      String unit = model.parameters().stream().filter(s -> s.name().equals(p)).findFirst().orElseThrow().unit();
      double median = e.parameterMedian(p);
      params.add(new Interval(p, unit, median, ci[0], ci[1]));
      double spread = 100 * (ci[1] / median - 1);
      words.add(String.format(Locale.ROOT, "%s known to within about +%.0f%% (90%%)%s", p, spread,
          spread > 100 ? ": not yet identified by the data" : spread > 30 ? ": partly identified" : ""));
    }
    int k = model.measurementIndex(kind.output());
    double[] m = est.predictMeasurement(k);
    double sd = Math.sqrt(Math.max(0, m[1]));
    String unit = model.measurements().get(k).unit();
    var last = timeline.lastAppliedTime(kind.output());
    return new TwinView(model.id(), asOf, new Interval(kind.output(), unit, m[0], m[0] - Z90 * sd, m[0] + Z90 * sd),
        states, params, last.isPresent() ? Optional.of(spec.instant(last.getAsDouble())) : Optional.empty(),
        DriftMonitoring.drift(timeline, kind).status().name(), String.join("; ", words), applied, rejected);
  }

  @Override
  public List<PredictionPoint> forecast(Instant asOf, Duration horizon) {
    double now = asOfMinutes(asOf);
    StateEstimator est = estimatorAt(now);
    double step = kind == TwinKind.GLUCOSE_INSULIN ? 15 : 5;
    int n = (int) Math.max(1, Math.floor(horizon.toMinutes() / step));
    double[] times = new double[n + 1];
    for (int i = 0; i <= n; i++) {
      times[i] = now + i * step;
    }
    List<Forecast.Point> pts = Forecast.of(est, model, timeline.rates(), DosingSchedule.empty(), kind.output(),
        noise(kind == TwinKind.GLUCOSE_INSULIN ? SensorClasses.LAB : SensorClasses.ARTERIAL_LINE), times);
    return points(pts);
  }

  private List<PredictionPoint> points(List<Forecast.Point> pts) {
    return pts.stream().map(p -> new PredictionPoint(spec.instant(p.timeMin()), p.mean(), p.lower90(), p.upper90()))
        .toList();
  }

  /**
   * The context told whether the protocol's latest reading is a CGM's, and if so the newest blood
   * glucose before it (any sensor class but {@code cgm} counts as blood; withdrawn, superseded and
   * duplicate readings do not count), when the filter weighed it (applied, or refused at the
   * innovation gate): the hypoglycaemia protocol checks a CGM low against it. Both are read from the
   * retained readings (the late window plus a drift window), so nothing new is persisted. A latest
   * reading no longer retained, or one the twin failed on, is not known to be a CGM's, and a CGM low
   * then brings dextrose at once as before.
   */
  private InfusionRecommender.Context withLatestCgm(InfusionRecommender.Context context) {
    if (kind != TwinKind.GLUCOSE_INSULIN || !Double.isFinite(latestReadingTime)) {
      return context;
    }
    boolean latestIsCgm = false;
    FilterTimeline.Logged blood = null;
    for (FilterTimeline.Logged l : timeline.observations(kind.output())) {
      Observation o = l.observation();
      if (l.status() == null) {
        continue;
      }
      boolean cgm = SensorClasses.CGM.equals(o.source());
      if (cgm && o.timeMin() == latestReadingTime && o.value() == latestReading) {
        latestIsCgm = true;
      }
      RejectionReason why = l.status().reason().orElse(null);
      boolean revoked = why == RejectionReason.WITHDRAWN || why == RejectionReason.SUPERSEDED
          || why == RejectionReason.DUPLICATE;
      if (!cgm && !revoked && o.timeMin() <= latestReadingTime
          && (blood == null || o.timeMin() >= blood.observation().timeMin())) {
        blood = l;
      }
    }
    if (!latestIsCgm) {
      return context;
    }
    // Only the newest blood glucose counts, and only a value the filter weighed: a newer one below
    // the assay's limit or refused as a sensor fault must not leave an older, higher one to contradict a CGM low.
    boolean weighed = blood != null && blood.observation().kind() == Observation.Kind.VALUE && blood.status().weighed();
    return context.withLatestCgm(weighed
        ? new InfusionRecommender.LatestCgm(blood.observation().value(), blood.observation().timeMin())
        : InfusionRecommender.LatestCgm.noBloodBefore());
  }

  /** The context with when the rate running now (zero) was stopped and what ran before, if it is zero. */
  private InfusionRecommender.Context withStop(InfusionRecommender.Context context, double now) {
    var upToNow = rates.headMap(now, true).descendingMap();
    if (upToNow.isEmpty() || upToNow.firstEntry().getValue() > 0) {
      return context;
    }
    double stoppedAt = Double.NaN;
    for (Map.Entry<Double, Double> e : upToNow.entrySet()) {
      if (e.getValue() > 0) {
        return Double.isNaN(stoppedAt) ? context : context.withStop(stoppedAt, e.getValue());
      }
      stoppedAt = e.getKey();
    }
    return context;
  }

  @Override
  public ProposalDraft recommend(Instant asOf) {
    double now = asOfMinutes(asOf);
    estimatorAt(now); // refuses a time before the data already applied
    List<Administration> given = history(now);
    var context = new InfusionRecommender.Context(given, OptionalDouble.of(spec.weightKg()),
        timeline.lastAppliedTime(kind.output()), timeline.sensorIntervalMin(kind.output()), latestReading,
        DriftMonitoring.drift(timeline, kind).status(),
        now - lastRescueMin, kind == TwinKind.GLUCOSE_INSULIN
            // only the hypoglycaemia protocol reads the trend
            ? ReadingTrend.of(timeline.recentReadings(kind.output(), ReadingTrend.READINGS)) : Optional.empty(),
        latestReadingTime).withFeedCutAt(feedCutAtMin).withLowReadingAt(lowReadingAtMin);
    context = withStop(context, now);
    context = withLatestCgm(context);
    Recommendation rec = recommender.recommend(new ControlProblem(model, timeline.snapshot(), timeline.rates(),
        DosingSchedule.empty(), previousPlan, now), context);
    int channel = PhysiologicalModel.indexOfChannel(model.rateInputs(), mpc.rateChannel(), model.id());
    double currentLibrary = onGridIfMultiple(
        Units.convert(timeline.rates()[channel], modelRateUnit, libraryRateUnit, conversion));
    // Every model parameter by name: the estimated ones at their posterior medians, the others at
    // the values the twin was built with (rec.parameters() follows the estimate's own order).
    Map<String, Double> parameters = new LinkedHashMap<>();
    double[] medians = rec.parameters();
    List<String> coordinates = timeline.estimate().names();
    for (int i = 0; i < model.parameters().size(); i++) {
      String name = model.parameters().get(i).name();
      int j = coordinates.indexOf("log " + name);
      parameters.put(name, j >= 0 && j < medians.length ? medians[j] : baseTheta[i]);
    }
    var plan = new ArrayList<ProposalDraft.PlanStep>();
    double[] planRates = rec.planRates();
    double[] starts = rec.blockStartsMin();
    for (int i = 0; i < planRates.length; i++) {
      plan.add(new ProposalDraft.PlanStep(spec.instant(starts[i]),
          onGridIfMultiple(Units.convert(planRates[i], modelRateUnit, libraryRateUnit, conversion))));
    }
    int k = model.measurementIndex(kind.output());
    return new ProposalDraft(kind.drug(), spec.careArea(), ProposalDraft.Kind.RATE,
        rec.action().map(a -> a.value()), Optional.of(new Quantity(currentLibrary, libraryRateUnit)), Optional.empty(),
        plan, spec.instant(rec.issuedAtMin()), spec.instant(rec.expiresAtMin()), rec.safety().outcome().name(),
        rec.safety().overrideRequired(), rec.reasons().stream().map(RecommendationReason::name).toList(),
        rec.safety().reasons().stream().map(SafetyReason::name).toList(), rec.dextroseMmol(),
        spec.instant(rec.nextMeasurementAtMin()), kind.output(), model.measurements().get(k).unit(),
        points(rec.underProposal()), points(rec.continueAsNow()), rec.modelId(), parameters, feedAdvice(rec, context, given, now));
  }

  /** A rate that is a multiple of the pump increment to within round-off, as that exact decimal (0.1, not 0.10000000000000002). */
  private double onGridIfMultiple(double rate) {
    double[] g = entry.doseRate().get().gridNeighbours(rate);
    return g[0] == g[1] ? g[0] : rate;
  }

  @Override
  public List<WhatIf.Outcome> whatIf(Instant asOf, List<WhatIf.Regimen> regimens, Duration horizon) {
    if (regimens.isEmpty() || regimens.size() > 6) {
      throw new IllegalArgumentException("give 1 to 6 regimens to compare, got " + regimens.size());
    }
    double now = asOfMinutes(asOf);
    StateEstimator est = estimatorAt(now);
    double step = kind == TwinKind.GLUCOSE_INSULIN ? 15 : 5;
    int n = (int) Math.max(1, Math.min(Math.floor(horizon.toMinutes() / step), 2 * 24 * 60 / step));
    double[] times = new double[n];
    for (int i = 0; i < n; i++) {
      times[i] = now + (i + 1) * step;
    }
    var alternatives = new ArrayList<org.icutwin.control.whatif.Alternative>();
    var breaches = new LinkedHashMap<String, List<String>>();
    var rateLimits = entry.doseRate().get().limits();
    for (WhatIf.Regimen r : regimens) {
      if (r.doses().isPresent()) {
        throw new IllegalArgumentException("regimen '" + r.name() + "': " + kind.drug()
            + " is an infusion, so a what-if regimen is rate steps (start, rate in " + libraryRateUnit
            + "), not intermittent doses");
      }
      var broken = new ArrayList<String>();
      for (WhatIf.Step s : r.steps()) {
        if (rateLimits.hardMax().isPresent() && s.rate() > rateLimits.hardMax().getAsDouble()) {
          broken.add("rate " + s.rate() + " " + libraryRateUnit + " from " + s.start() + " > hard max "
              + rateLimits.hardMax().getAsDouble() + " " + libraryRateUnit);
        }
        if (rateLimits.hardMin().isPresent() && s.rate() > 0 && s.rate() < rateLimits.hardMin().getAsDouble()) {
          broken.add("rate " + s.rate() + " " + libraryRateUnit + " from " + s.start() + " < hard min "
              + rateLimits.hardMin().getAsDouble() + " " + libraryRateUnit);
        }
      }
      breaches.put(r.name(), broken);
      DosingSchedule plan = DosingSchedule.empty();
      for (WhatIf.Step s : r.steps()) {
        double t = Math.max(now, spec.minutes(s.start()));
        plan = plan.rate(t, mpc.rateChannel(), Units.convert(s.rate(), libraryRateUnit, modelRateUnit, conversion));
      }
      alternatives.add(new org.icutwin.control.whatif.Alternative(r.name(), plan));
    }
    var request = new org.icutwin.control.whatif.WhatIfRequest(timeline.rates(), alternatives, kind.output(), times,
        new org.icutwin.control.whatif.OutcomeSpec(mpc.bandLow(), mpc.bandHigh(), mpc.riskThreshold()), 200, 7L);
    var result = org.icutwin.control.whatif.WhatIfSimulator.of(setup).run(est.estimate(), request);
    var out = new ArrayList<WhatIf.Outcome>();
    for (WhatIf.Regimen r : regimens) {
      var a = result.alternative(r.name());
      double[][] p = a.percentiles();
      var band = new ArrayList<PredictionPoint>();
      for (int k = 0; k < times.length; k++) {
        band.add(new PredictionPoint(spec.instant(times[k]), p[2][k], p[0][k], p[4][k]));
      }
      out.add(new WhatIf.Outcome(r.name(), band, a.summary().meanFractionInBand(),
          a.summary().probabilityBelowThreshold(), List.of(), breaches.get(r.name())));
    }
    return out;
  }

  @Override
  public ClinicianCheck checkClinicianDose(Instant at, double value, String unit, String clinicianId,
      Optional<String> overrideReason) {
    double now = spec.minutes(at);
    int channel = PhysiologicalModel.indexOfChannel(model.rateInputs(), mpc.rateChannel(), model.id());
    double current = Units.convert(timeline.rates()[channel], modelRateUnit, libraryRateUnit, conversion);
    return ClinicianCheck.of(entry, kind.drug(), spec.careArea(), true, value, unit, now, kind.output(),
        model.measurements().get(model.measurementIndex(kind.output())).unit(), history(now), spec.weightKg(),
        Optional.of(new Quantity(current, libraryRateUnit)), clinicianId, overrideReason);
  }

  @Override
  public Quantity inLibraryUnit(double value, String unit) {
    return new Quantity(Units.convert(value, unit, libraryRateUnit, conversion), libraryRateUnit);
  }

  @Override
  public Optional<Stale> stale(Instant now) {
    Optional<org.icutwin.control.safety.OutputPolicy> policy = SAFETY.policy(kind.output());
    OptionalDouble last = timeline.lastAppliedTime(kind.output());
    if (policy.isEmpty() || last.isEmpty()) {
      return Optional.empty();
    }
    double limit = policy.get().maxAgeMin(timeline.sensorIntervalMin(kind.output()));
    double age = spec.minutes(now) - last.getAsDouble();
    if (!(age > limit)) {
      return Optional.empty();
    }
    Instant newest = spec.instant(last.getAsDouble());
    return Optional.of(new Stale(newest, String.format(java.util.Locale.ROOT, "no accepted %s reading for %.0f min"
        + " (the newest was taken at %s; the limit for this sensor is %.0f min): %s until a new reading arrives;"
        + " check the sensor or take a measurement", kind.output(), age, newest, limit,
        kind == TwinKind.GLUCOSE_INSULIN ? "proposals are withheld, or only stop insulin," : "proposals are withheld")));
  }

  @Override
  public void accepted(ProposalDraft proposal) {
    adviceTaken(proposal);
    acceptedRescueAndPlan(proposal);
  }

  @Override
  public void modified(ProposalDraft proposal) {
    adviceTaken(proposal);
  }

  /** The proposal's feed and dextrose advice is the clinician's to carry out (accepted or modified proposal). */
  private void adviceTaken(ProposalDraft proposal) {
    double acceptedAt = spec.minutes(proposal.issuedAt());
    for (ProposalDraft.FeedAdvice a : proposal.feedAdvice()) {
      TwinExport.Feed f = feeds.get(a.drug());
      if (f == null && a.drug().equals("dextrose")) {
        // The protocol starts a dextrose infusion where none was reported: none runs (goal 0) until
        // the pump reports the accepted rate, which then keeps the goal.
        feeds.put(a.drug(), new TwinExport.Feed(a.drug(), 0, 0, a.advised(), Double.NEGATIVE_INFINITY,
            Double.NEGATIVE_INFINITY, acceptedAt));
        continue;
      }
      if (f == null) {
        continue;
      }
      if (Math.abs(f.current() - a.advised()) <= FEED_MATCH_G_PER_H) {
        // Carried out and reported before it was accepted: the goal is the advice's, not the report's.
        feeds.put(a.drug(), new TwinExport.Feed(f.drug(), f.current(), a.goal(), Double.NaN, f.changedAtMin(),
            f.reportedAtMin(), Double.NaN));
      } else if (Math.abs(f.current() - a.current()) <= FEED_MATCH_G_PER_H) {
        feeds.put(a.drug(), new TwinExport.Feed(f.drug(), f.current(), f.goal(), a.advised(), f.changedAtMin(),
            f.reportedAtMin(), acceptedAt));
      } // else the feed was re-prescribed since: the advice no longer applies
    }
  }

  /** An accepted proposal's rescue is given and its plan is the controller's warm start. */
  private void acceptedRescueAndPlan(ProposalDraft proposal) {
    if (proposal.dextroseMmol().isPresent()) {
      // An accepted rescue is given at once; the twin takes it as a dextrose bolus.
      double t = spec.minutes(proposal.issuedAt());
      lastRescueMin = t;
      if (lastDextroseMin >= t - RESCUE_MATCH_MIN[0] && lastDextroseMin <= t + RESCUE_MATCH_MIN[1]) {
        // Its dextrose was reported (and counted) before the clinician accepted: that was the rescue.
        rescueDocumentedMin = t;
        lastDextroseMin = Double.NEGATIVE_INFINITY;
      } else {
        // One second after the reading it answers: at the same time it would be ordered before that
        // reading (doses first), which already shows no rise and would cancel part of it.
        timeline.ingestDose("dextrose@" + proposal.issuedAt(),
            new DoseEvent.Bolus(t + RESCUE_AFTER_READING_MIN, "dextrose_bolus", proposal.dextroseMmol().getAsDouble()));
      }
    }
    if (proposal.plan().isEmpty()) {
      return;
    }
    double[] r = new double[proposal.plan().size()];
    double[] s = new double[r.length];
    for (int i = 0; i < r.length; i++) {
      ProposalDraft.PlanStep step = proposal.plan().get(i);
      r[i] = Units.convert(step.rate(), libraryRateUnit, modelRateUnit, conversion);
      s[i] = spec.minutes(step.start());
    }
    previousPlan = new Plan(r, s);
  }
}
