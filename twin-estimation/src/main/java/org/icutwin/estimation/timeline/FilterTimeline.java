package org.icutwin.estimation.timeline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import org.icutwin.core.model.PhysiologicalModel;
import org.icutwin.core.simulation.DoseEvent;
import org.icutwin.estimation.Observation;
import org.icutwin.estimation.filter.Estimate;
import org.icutwin.estimation.filter.StateEstimator;
import org.icutwin.estimation.filter.UpdateOutcome;
import org.icutwin.estimation.monitor.Cusum;

/**
 * Feeds a twin's estimator in data time: observations and dose events are applied in the order
 * of their effective times, whatever the order they arrive in.
 *
 * <p>Items sort by (time, doses before observations, id), so the order never depends on arrival.
 * After each item a checkpoint (a deep copy of the estimator and the running rates) is kept. An
 * item that belongs before already-processed ones but within the late window rewinds to the
 * last checkpoint before it and re-filters everything after it in order, so a stream delivered
 * shuffled within the window ends at exactly the estimate of the sorted stream. An item older
 * than the window is rejected with {@link RejectionReason#LATE_BEYOND_WINDOW}: never applied at
 * the wrong time. Not thread-safe: owned by one twin.
 */
public final class FilterTimeline {
  private static final Comparator<Key> ORDER =
      Comparator.comparingDouble(Key::time).thenComparingInt(Key::rank).thenComparing(Key::id);

  private final PhysiologicalModel model;
  private final TimelineConfig config;
  private final double nisGate;
  private final TreeMap<Key, Entry> log = new TreeMap<>(ORDER);
  private final List<Checkpoint> checkpoints = new ArrayList<>();
  private final List<Keyed> settled = new ArrayList<>();
  /** Ids of the items in {@link #log}: an id is forgotten with its item (see {@link #prune}). */
  private final Set<String> ids = new HashSet<>();
  /** Per measurement, the newest applied observation among those dropped from the log. */
  private final TreeMap<String, Double> newestApplied = new TreeMap<>();
  /** Per measurement, per source, the newest reading among those dropped from the log. */
  private final TreeMap<String, TreeMap<String, Double>> newestBySource = new TreeMap<>();
  private StateEstimator current;
  private double[] rates;
  private double newestTime;
  private final double startTime;

  public FilterTimeline(StateEstimator estimator, PhysiologicalModel model, TimelineConfig config) {
    this.model = model;
    this.config = config;
    this.nisGate = config.nisGate();
    this.current = estimator;
    this.rates = new double[model.rateInputs().size()];
    this.newestTime = estimator.timeMin();
    this.startTime = estimator.timeMin();
    checkpoints.add(new Checkpoint(new Key(estimator.timeMin(), -1, ""), estimator.copy(), rates.clone()));
  }

  /** Restores an exported timeline around {@code template}, an estimator of the same setup. */
  private FilterTimeline(StateEstimator template, PhysiologicalModel model, TimelineConfig config, TimelineState st) {
    this.model = model;
    this.config = config;
    this.nisGate = config.nisGate();
    this.startTime = st.startTimeMin();
    this.newestTime = st.newestTimeMin();
    this.current = template.withState(st.current());
    this.rates = st.rates();
    if (rates.length != model.rateInputs().size()) {
      throw new IllegalArgumentException("timeline state has " + rates.length + " rates, model " + model.id() + " "
          + model.rateInputs().size());
    }
    for (TimelineState.Item i : st.log()) {
      Observation o = i.observation() == null ? null : TimelineCodec.obs(i.observation());
      Entry e = new Entry(TimelineCodec.key(i.key()), o, i.dose() == null ? null : TimelineCodec.dose(i.dose()),
          i.channel());
      e.status = TimelineCodec.status(i.status(), o);
      log.put(e.key, e);
      ids.add(e.key.id());
    }
    for (TimelineState.Settled k : st.settled()) {
      // A withdrawn item left the log; its id still refuses a re-sent copy (see withdraw).
      if (RejectionReason.WITHDRAWN.name().equals(k.status().reason())) {
        ids.add(k.status().id());
      }
    }
    for (TimelineState.Checkpoint c : st.checkpoints()) {
      checkpoints.add(new Checkpoint(TimelineCodec.key(c.key()), template.withState(c.estimator()), c.rates()));
    }
    if (checkpoints.isEmpty()) {
      throw new IllegalArgumentException("timeline state has no checkpoint");
    }
    for (TimelineState.Settled k : st.settled()) {
      settled.add(new Keyed(TimelineCodec.key(k.key()), TimelineCodec.status(k.status(), null)));
    }
    st.newestApplied().forEach(n -> newestApplied.put(n.measurement(), n.timeMin()));
    st.newestBySource().forEach(n -> newestBySource.computeIfAbsent(n.measurement(), m -> new TreeMap<>())
        .put(n.source(), n.timeMin()));
  }

  /**
   * A timeline rebuilt from {@link #exportState()}: it answers and continues exactly as the
   * exported one would have.
   *
   * @param template a fresh estimator of the same model and setup (its posterior is replaced)
   */
  public static FilterTimeline restore(StateEstimator template, PhysiologicalModel model, TimelineConfig config,
      TimelineState state) {
    return new FilterTimeline(template, model, config, state);
  }

  /** Everything this timeline holds, as plain records (see {@link TimelineState}). */
  public TimelineState exportState() {
    var items = new ArrayList<TimelineState.Item>();
    for (Entry e : log.values()) {
      items.add(new TimelineState.Item(TimelineCodec.key(e.key), e.observation == null ? null
          : TimelineCodec.obs(e.observation), e.dose == null ? null : TimelineCodec.dose(e.dose), e.channel,
          TimelineCodec.status(e.status, e.observation)));
    }
    var cps = new ArrayList<TimelineState.Checkpoint>();
    for (Checkpoint c : checkpoints) {
      cps.add(new TimelineState.Checkpoint(TimelineCodec.key(c.key()), c.estimator().exportState(), c.rates()));
    }
    var set = new ArrayList<TimelineState.Settled>();
    for (Keyed k : settled) {
      set.add(new TimelineState.Settled(TimelineCodec.key(k.key()), TimelineCodec.status(k.status(), null)));
    }
    var applied = new ArrayList<TimelineState.Newest>();
    newestApplied.forEach((m, t) -> applied.add(new TimelineState.Newest(m, "", t)));
    var bySource = new ArrayList<TimelineState.Newest>();
    newestBySource.forEach((m, srcs) -> srcs.forEach((src, t) -> bySource.add(new TimelineState.Newest(m, src, t))));
    return new TimelineState(startTime, newestTime, current.exportState(), rates, items, cps, set, applied, bySource);
  }

  /** Ingests an observation; returns its status after processing (a later late item may revise it). */
  public ItemStatus ingest(Observation obs) {
    Key key = new Key(obs.timeMin(), 1, obs.id());
    Optional<ItemStatus> refused = admit(key);
    if (refused.isPresent()) {
      return refused.get();
    }
    try {
      model.measurementIndex(obs.measurement());
    } catch (IllegalArgumentException e) {
      return settle(key, ItemStatus.rejected(obs.id(), obs.timeMin(), RejectionReason.UNKNOWN_MEASUREMENT, e.getMessage()));
    }
    remember(obs.id());
    return insert(new Entry(key, obs, null, -1));
  }

  /** Ingests a dose event (rate change or bolus) with a unique id. */
  public ItemStatus ingestDose(String id, DoseEvent event) {
    Key key = new Key(event.timeMin(), 0, id);
    Optional<ItemStatus> refused = admit(key);
    if (refused.isPresent()) {
      return refused.get();
    }
    int channel;
    try {
      channel = event instanceof DoseEvent.Bolus
          ? PhysiologicalModel.indexOfChannel(model.bolusInputs(), event.channel(), model.id())
          : PhysiologicalModel.indexOfChannel(model.rateInputs(), event.channel(), model.id());
    } catch (IllegalArgumentException e) {
      return settle(key, ItemStatus.rejected(id, event.timeMin(), RejectionReason.UNKNOWN_INPUT, e.getMessage()));
    }
    remember(id);
    return insert(new Entry(key, null, event, channel));
  }

  /**
   * Replaces the observation recorded under {@code corrected.id()} with {@code corrected}: a
   * laboratory's corrected or amended result (same id, a new value, possibly a new sample time).
   * The filter re-runs from the earlier of the two times, so the twin ends exactly where it would be
   * had the corrected result come in place of the first; the first is kept as
   * {@link RejectionReason#SUPERSEDED}. A correction may itself be corrected or withdrawn.
   *
   * @return the corrected observation's status; or refused, the twin unchanged:
   *     {@link RejectionReason#UNKNOWN_ITEM} when no observation is held under that id (never seen,
   *     or forgotten beyond the retained history: the caller may take the correction as a new
   *     reading, which {@link #ingest} refuses as late when it is old), {@link RejectionReason#WITHDRAWN}
   *     when it was withdrawn, {@link RejectionReason#REVISION_BEYOND_WINDOW} when the original or the
   *     corrected time is older than the late window, or the measurement is unknown
   */
  public ItemStatus revise(Observation corrected) {
    String id = corrected.id();
    Key key = new Key(corrected.timeMin(), 1, id);
    Entry old = observationEntry(id);
    if (old == null) {
      return unknownItem(id, corrected.timeMin());
    }
    Optional<ItemStatus> refused = revisable(old, key);
    if (refused.isPresent()) {
      return refused.get();
    }
    try {
      model.measurementIndex(corrected.measurement());
    } catch (IllegalArgumentException e) {
      return ItemStatus.rejected(id, corrected.timeMin(), RejectionReason.UNKNOWN_MEASUREMENT, e.getMessage());
    }
    log.remove(old.key);
    settle(old.key, ItemStatus.rejected(id, old.key.time(), RejectionReason.SUPERSEDED, String.format(
        java.util.Locale.ROOT, "%.4g at %.1f min replaced by the corrected %.4g at %.1f min",
        old.observation.value(), old.key.time(), corrected.value(), corrected.timeMin())));
    Entry entry = new Entry(key, corrected, null, -1);
    log.put(key, entry);
    rewindAndReplay(ORDER.compare(key, old.key) < 0 ? key : old.key);
    newestTime = Math.max(newestTime, key.time());
    prune();
    return entry.status;
  }

  /**
   * Takes the observation or dose event recorded under {@code id} out of the filter (its sender
   * withdrew it: entered in error) and re-runs the filter from its time, so the twin ends where it
   * would be had it never come. Its status is kept as {@link RejectionReason#WITHDRAWN} and its id
   * keeps refusing re-sent copies.
   *
   * @param sampleTimeMin when the withdrawn result was sampled, as its sender says (NaN: not known):
   *     when no observation is held under {@code id} and this is older than the late window, the
   *     refusal is {@link RejectionReason#REVISION_BEYOND_WINDOW} (it may have been weighed and
   *     forgotten), not {@link RejectionReason#UNKNOWN_ITEM}
   * @return the withdrawn item's new status, or a refusal with the twin unchanged (see {@link #revise})
   */
  public ItemStatus withdraw(String id, double sampleTimeMin) {
    Entry old = entry(id);
    if (old == null) {
      if (!ids.contains(id) && sampleTimeMin < newestTime - config.lateWindowMin()) {
        return ItemStatus.rejected(id, sampleTimeMin, RejectionReason.REVISION_BEYOND_WINDOW, "no item " + id
            + " is held and its time, " + sampleTimeMin + " min, is more than " + config.lateWindowMin()
            + " min before the newest item at " + newestTime + " min: if the filter weighed it, it keeps it");
      }
      return unknownItem(id, sampleTimeMin);
    }
    Optional<ItemStatus> refused = revisable(old, old.key);
    if (refused.isPresent()) {
      return refused.get();
    }
    log.remove(old.key);
    String what = old.observation != null ? String.format(java.util.Locale.ROOT, "%.4g", old.observation.value())
        : old.dose.channel() + " " + (old.dose instanceof DoseEvent.Bolus b ? String.format(java.util.Locale.ROOT,
            "bolus %.4g", b.amount()) : String.format(java.util.Locale.ROOT, "rate %.4g",
            ((DoseEvent.RateChange) old.dose).rate()));
    ItemStatus withdrawn = settle(old.key, ItemStatus.rejected(id, old.key.time(), RejectionReason.WITHDRAWN,
        String.format(java.util.Locale.ROOT, "%s at %.1f min withdrawn by its sender (entered in error)", what,
            old.key.time())));
    rewindAndReplay(old.key);
    return withdrawn;
  }

  /**
   * The status of the observation or dose event held under {@code id}, empty when none is (one that
   * {@link #withdraw} can act on; {@link #revise} acts on observations).
   */
  public Optional<ItemStatus> held(String id) {
    Entry e = entry(id);
    return e == null ? Optional.empty() : Optional.ofNullable(e.status);
  }

  /** The dose event held under {@code id}, empty when none is. */
  public Optional<DoseEvent> heldDose(String id) {
    Entry e = entry(id);
    return e == null ? Optional.empty() : Optional.ofNullable(e.dose);
  }

  private Entry observationEntry(String id) {
    Entry e = entry(id);
    return e != null && e.observation != null ? e : null;
  }

  private Entry entry(String id) {
    for (Entry e : log.values()) {
      if (e.key.id().equals(id)) {
        return e;
      }
    }
    return null;
  }

  private ItemStatus unknownItem(String id, double time) {
    if (ids.contains(id)) {
      return ItemStatus.rejected(id, time, RejectionReason.WITHDRAWN, id
          + " was withdrawn; a withdrawn item is not taken back or corrected");
    }
    return ItemStatus.rejected(id, time, RejectionReason.UNKNOWN_ITEM, "no item " + id
        + " within the retained history (the late window plus one drift window)");
  }

  /** Both the original and the revised time must lie where the filter can still re-run from. */
  private Optional<ItemStatus> revisable(Entry old, Key revised) {
    double oldest = Math.min(old.key.time(), revised.time());
    Key first = ORDER.compare(old.key, revised) < 0 ? old.key : revised;
    if (revised.time() < startTime) {
      return Optional.of(ItemStatus.rejected(old.key.id(), revised.time(), RejectionReason.BEFORE_START,
          "time " + revised.time() + " min is before the twin's start at " + startTime + " min"));
    }
    if (oldest < newestTime - config.lateWindowMin() || ORDER.compare(first, checkpoints.get(0).key) <= 0) {
      return Optional.of(ItemStatus.rejected(old.key.id(), revised.time(), RejectionReason.REVISION_BEYOND_WINDOW,
          "the result at " + oldest + " min is more than " + config.lateWindowMin()
              + " min before the newest item at " + newestTime + " min: the filter keeps the original"));
    }
    return Optional.empty();
  }

  /** Refuses duplicates, items before the start, and items too old to replay. */
  private Optional<ItemStatus> admit(Key key) {
    String id = key.id();
    double time = key.time();
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("item needs an id");
    }
    if (ids.contains(id)) {
      return Optional.of(settle(key, ItemStatus.rejected(id, time, RejectionReason.DUPLICATE, "id " + id + " already recorded")));
    }
    if (time < startTime) {
      return Optional.of(settle(key, ItemStatus.rejected(id, time, RejectionReason.BEFORE_START,
          "time " + time + " min is before the twin's start at " + startTime + " min")));
    }
    if (time < newestTime - config.lateWindowMin() || ORDER.compare(key, checkpoints.get(0).key) <= 0) {
      return Optional.of(settle(key, ItemStatus.rejected(id, time, RejectionReason.LATE_BEYOND_WINDOW,
          "time " + time + " min is more than " + config.lateWindowMin() + " min before the newest item at "
              + newestTime + " min")));
    }
    return Optional.empty();
  }

  /** Records an admitted item's id; a refused item (late, unknown) may be sent again corrected. */
  private void remember(String id) {
    ids.add(id);
  }

  private ItemStatus settle(Key key, ItemStatus status) {
    settled.add(new Keyed(key, status));
    return status;
  }

  private ItemStatus insert(Entry entry) {
    log.put(entry.key, entry);
    Checkpoint last = checkpoints.get(checkpoints.size() - 1);
    if (ORDER.compare(entry.key, last.key) > 0) {
      process(entry);
    } else {
      rewindAndReplay(entry.key);
    }
    newestTime = Math.max(newestTime, entry.key.time());
    prune();
    return entry.status;
  }

  private void rewindAndReplay(Key from) {
    int c = checkpoints.size() - 1;
    while (ORDER.compare(checkpoints.get(c).key, from) >= 0) {
      c--;
    }
    Checkpoint base = checkpoints.get(c);
    checkpoints.subList(c + 1, checkpoints.size()).clear();
    current = base.estimator.copy();
    rates = base.rates.clone();
    for (Entry e : log.tailMap(base.key, false).values()) {
      process(e);
    }
  }

  private void process(Entry e) {
    double t = e.key.time();
    if (t > current.timeMin()) {
      current.predict(t, rates);
    }
    if (e.dose != null) {
      if (e.dose instanceof DoseEvent.Bolus b) {
        current.applyBolus(e.channel, b.amount());
      } else {
        rates[e.channel] = ((DoseEvent.RateChange) e.dose).rate();
      }
      e.status = ItemStatus.applied(e.key.id(), t, null);
    } else {
      e.status = checkAndUpdate(e);
    }
    checkpoints.add(new Checkpoint(e.key, current.copy(), rates.clone()));
  }

  private ItemStatus checkAndUpdate(Entry e) {
    Observation obs = e.observation;
    QualityRule rule = config.rules().get(obs.measurement());
    if (rule != null && obs.kind() == Observation.Kind.VALUE) {
      Optional<ItemStatus> bad = QualityChecks.check(obs, rule, log.headMap(e.key, false).descendingMap().values(), lookbackMin());
      if (bad.isPresent()) {
        return bad.get();
      }
    }
    // A single outlier is rejected; a confirmed one is not. When the previous readings of this
    // sensor were rejected as outliers on the same side of the prediction (two for a sensor that
    // reads every few minutes, one for a sparse one such as the laboratory), the twin, not the
    // sensor, is more likely wrong (e.g. a real hypoglycaemia the model did not foresee, or a
    // patient far more insulin-resistant than the prior), so this reading is applied without the gate.
    // Repeats of one value from a dense sensor confirm nothing: that is what a stuck sensor sends.
    double gate = confirmedOutlier(e, current.predictMeasurement(model.measurementIndex(obs.measurement()))[0])
        ? Double.POSITIVE_INFINITY : nisGate;
    UpdateOutcome outcome = current.update(obs, gate);
    if (!outcome.applied()) {
      return ItemStatus.rejected(obs.id(), obs.timeMin(), RejectionReason.INNOVATION_OUTLIER,
          String.format(java.util.Locale.ROOT, "normalised innovation %.1f exceeds the gate %.1f (predicted %.4g, measured %.4g)",
              outcome.nis(), nisGate, outcome.predicted(), obs.value()), outcome);
    }
    return ItemStatus.applied(obs.id(), obs.timeMin(), outcome);
  }

  /** Outliers of a dense sensor confirm each other only when close in time: both earlier ones within this many minutes. */
  private static final double CONFIRMATION_WINDOW_MIN = 60;
  /** A sensor whose previous reading is further back than this is sparse: one earlier outlier confirms. */
  private static final double DENSE_GAP_MIN = 30;
  /** A sparse sensor's earlier outlier confirms only within this many minutes. */
  private static final double SPARSE_CONFIRMATION_WINDOW_MIN = 360;

  private boolean confirmedOutlier(Entry e, double predictedNow) {
    int seen = 0;
    int needed = 2;
    double window = CONFIRMATION_WINDOW_MIN;
    double side = 0;
    boolean differs = false;
    for (Entry p : log.headMap(e.key, false).descendingMap().values()) {
      if (p.key.time() < e.key.time() - Math.max(window, seen == 0 ? SPARSE_CONFIRMATION_WINDOW_MIN : window)) {
        return false;
      }
      Observation o = p.observation;
      if (o == null || !o.source().equals(e.observation.source()) || !o.measurement().equals(e.observation.measurement())) {
        continue;
      }
      if (seen == 0 && e.key.time() - p.key.time() > DENSE_GAP_MIN) {
        needed = 1;
        window = SPARSE_CONFIRMATION_WINDOW_MIN;
      }
      if (p.key.time() < e.key.time() - window) {
        return false;
      }
      boolean outlier = p.status != null && p.status.reason().orElse(null) == RejectionReason.INNOVATION_OUTLIER;
      if (!outlier) {
        return false;
      }
      double s = Math.signum(p.status.outcome().orElseThrow().innovation());
      if (seen > 0 && s != side) {
        return false;
      }
      differs |= Math.abs(o.value() - e.observation.value()) > repeatTolerance(o.measurement());
      side = s;
      if (++seen == needed) {
        // A dense sensor's outliers that are one value repeated (within the flat-line tolerance)
        // are not independent evidence: a CGM that came back from a dropout repeating an old 5.9
        // mmol/L "confirmed" itself 10 min after a blood glucose of 3.50, and insulin was raised on
        // it (docs/estimation.md). A sparse sensor's two equal readings are two samples.
        return Math.signum(e.observation.value() - predictedNow) == side && (needed == 1 || differs);
      }
    }
    return false;
  }

  /** Values closer than this are one value repeated: the quality rule's flat-line tolerance, else exact equality. */
  private double repeatTolerance(String measurement) {
    QualityRule rule = config.rules().get(measurement);
    return rule == null ? 0 : rule.flatLineTolerance();
  }

  /** Drops history older than the late window, keeping one checkpoint at or before its start. */
  private void prune() {
    double horizon = newestTime - config.lateWindowMin();
    int keep = 0;
    for (int i = 0; i < checkpoints.size(); i++) {
      if (checkpoints.get(i).key.time() < horizon) {
        keep = i;
      }
    }
    if (keep == 0) {
      return;
    }
    checkpoints.subList(0, keep).clear();
    // Entries before the base checkpoint are never replayed, but the quality checks read back up to
    // one look-back before any item that can still be (re)processed; keep them that long so every
    // arrival order sees the same history.
    double keepFrom = horizon - lookbackMin();
    var old = log.headMap(new Key(keepFrom, -2, ""), false);
    for (Entry e : old.values()) {
      // Memory stays bounded over a stay of any length: a dropped item's id is forgotten with it
      // (a re-sent copy is older than the late window and refused as late, no longer as a
      // duplicate) and its status leaves only the newest-reading summaries the staleness checks use.
      ids.remove(e.key.id());
      fold(e.status);
    }
    old.clear();
    settled.removeIf(k -> k.key().time() < keepFrom && forget(k.status()));
  }

  /** Folds a settled status being forgotten; a withdrawn item's id is forgotten with it. */
  private boolean forget(ItemStatus s) {
    if (s.reason().orElse(null) == RejectionReason.WITHDRAWN) {
      ids.remove(s.id());
    }
    return fold(s);
  }

  /** Keeps what {@link #lastAppliedTime} and {@link #staleSensors} need of a status being forgotten. */
  private boolean fold(ItemStatus s) {
    if (s != null && s.outcome().isPresent()) {
      Observation o = s.outcome().get().observation();
      newestBySource.computeIfAbsent(o.measurement(), m -> new TreeMap<>()).merge(o.source(), s.timeMin(), Math::max);
      if (s.applied()) {
        newestApplied.merge(o.measurement(), s.timeMin(), Math::max);
      }
    }
    return true;
  }

  /** How far back the quality checks and the outlier confirmation look from an item (the drift window). */
  private double lookbackMin() {
    return config.driftWindowMin();
  }

  /** The current posterior. */
  public Estimate estimate() {
    return current.estimate();
  }

  /** A deep copy of the current estimator, e.g. to forecast without touching the twin. */
  public StateEstimator snapshot() {
    return current.copy();
  }

  /** The model rates running after the last processed item. */
  public double[] rates() {
    return rates.clone();
  }

  /**
   * The statuses of the retained items, in processing order (time, doses before observations, id):
   * the late window plus one look-back (the drift window) before the newest item; older ones are
   * forgotten so that memory stays bounded.
   */
  public List<ItemStatus> statuses() {
    var all = new ArrayList<>(settled);
    log.values().forEach(e -> all.add(new Keyed(e.key, e.status)));
    all.sort((a, b) -> ORDER.compare(a.key(), b.key()));
    return all.stream().map(Keyed::status).toList();
  }

  /**
   * The retained observations of {@code measurement} with their current statuses, in processing
   * order: what a caller that keeps its own reading of the data (a dosing protocol's latest reading)
   * re-reads after a correction or withdrawal changed the history.
   */
  public List<Logged> observations(String measurement) {
    var out = new ArrayList<Logged>();
    for (Entry e : log.values()) {
      if (e.observation != null && e.observation.measurement().equals(measurement)) {
        out.add(new Logged(e.observation, e.status));
      }
    }
    return List.copyOf(out);
  }

  /** A retained observation and its status. */
  public record Logged(Observation observation, ItemStatus status) {
  }

  /** The retained rejected items with their reasons (see {@link #statuses}). */
  public List<ItemStatus> rejected() {
    return statuses().stream().filter(s -> !s.applied()).toList();
  }

  /** Time of the newest observation of {@code measurement} that was applied, if any (for staleness checks). */
  public OptionalDouble lastAppliedTime(String measurement) {
    for (Entry e : log.descendingMap().values()) {
      if (appliedObservationOf(e.status, measurement)) {
        return OptionalDouble.of(e.key.time());
      }
    }
    // Nothing applied in the retained history: the newest among the settled and forgotten ones.
    Double forgotten = newestApplied.get(measurement);
    OptionalDouble best = forgotten == null ? OptionalDouble.empty() : OptionalDouble.of(forgotten);
    for (Keyed k : settled) {
      if (appliedObservationOf(k.status(), measurement) && (best.isEmpty() || k.key().time() > best.getAsDouble())) {
        best = OptionalDouble.of(k.key().time());
      }
    }
    return best;
  }

  /**
   * How often the sensor behind the newest applied {@code measurement} reports: the median interval
   * between the newest {@value #CADENCE_GAPS} + 1 value readings that source sent (applied or
   * rejected) up to that reading, so about 5 min for a CGM and an hour or more for laboratory draws;
   * a laboratory source sampled every 15 min for a while (a hypoglycaemia protocol) counts as
   * continuous only while those recent readings are that dense. Empty when the newest applied
   * reading has left the retained history or its source sent fewer than {@value #MIN_CADENCE_READINGS}
   * readings in it. The safety envelope uses it to hold a continuous sensor's twin to a short
   * silence (a CGM that has gone quiet or whose readings are all rejected), while a twin fed by
   * sparse laboratory readings keeps the longer limit.
   */
  public OptionalDouble sensorIntervalMin(String measurement) {
    Entry newest = null;
    for (Entry e : log.descendingMap().values()) {
      if (appliedObservationOf(e.status, measurement)) {
        newest = e;
        break;
      }
    }
    if (newest == null) {
      return OptionalDouble.empty();
    }
    String source = newest.observation.source();
    var times = new ArrayList<Double>(); // newest first
    for (Entry e : log.headMap(newest.key, true).descendingMap().values()) {
      Observation o = e.observation;
      if (o != null && o.measurement().equals(measurement) && o.source().equals(source)
          && o.kind() == Observation.Kind.VALUE) {
        times.add(e.key.time());
        if (times.size() > CADENCE_GAPS) {
          break;
        }
      }
    }
    return times.size() < MIN_CADENCE_READINGS ? OptionalDouble.empty()
        : OptionalDouble.of(QualityChecks.medianGap(times));
  }

  /**
   * The newest readings of {@code measurement} the filter weighed, in the retained history, newest
   * first, at most {@code max}: those applied and those it refused at the innovation gate (they
   * carry what the filter predicted too; {@link UpdateOutcome#applied} tells them apart). Readings
   * refused before the filter saw them (implausible values, flat lines, duplicates) are not listed.
   * The caller can see how the measured value moves and how well the twin foresaw it: a reading the
   * gate refused because the twin was confidently wrong is exactly the one that matters.
   */
  public List<UpdateOutcome> recentReadings(String measurement, int max) {
    var out = new ArrayList<UpdateOutcome>();
    for (Entry e : log.descendingMap().values()) {
      if (out.size() >= max) {
        break;
      }
      ItemStatus st = e.status;
      if (st != null && st.outcome().isPresent() && st.outcome().get().observation() != null
          && st.outcome().get().observation().measurement().equals(measurement)) {
        out.add(st.outcome().get());
      }
    }
    return List.copyOf(out);
  }

  /** Readings of one source needed before {@link #sensorIntervalMin} states its cadence. */
  static final int MIN_CADENCE_READINGS = 4;
  /** Intervals, the newest, over which {@link #sensorIntervalMin} takes its median. */
  static final int CADENCE_GAPS = 6;

  private static boolean appliedObservationOf(ItemStatus s, String measurement) {
    return s != null && s.applied() && s.outcome().isPresent()
        && s.outcome().get().observation().measurement().equals(measurement);
  }

  /**
   * Sensors that have gone quiet: for each source that has sent {@code measurement}, the time of
   * its newest reading, listed when that is more than {@code maxAgeMin} before {@code nowMin}.
   * Counts every reading a source sent (applied or rejected) within the retained history: it says
   * whether a sensor is alive. The safety envelope's freshness check uses the newest *applied*
   * reading of the output ({@link #lastAppliedTime}) instead.
   */
  public java.util.SortedMap<String, Double> staleSensors(String measurement, double nowMin, double maxAgeMin) {
    var newest = new java.util.TreeMap<String, Double>();
    for (Entry e : log.values()) {
      if (e.observation != null && e.observation.measurement().equals(measurement)) {
        newest.merge(e.observation.source(), e.key.time(), Math::max);
      }
    }
    for (Keyed k : settled) {
      ItemStatus s = k.status();
      s.outcome().ifPresent(o -> {
        if (o.observation().measurement().equals(measurement)) {
          newest.merge(o.observation().source(), s.timeMin(), Math::max);
        }
      });
    }
    newestBySource.getOrDefault(measurement, new TreeMap<>()).forEach((src, t) -> newest.merge(src, t, Math::max));
    newest.values().removeIf(t -> nowMin - t <= maxAgeMin);
    return newest;
  }

  /**
   * CUSUM of the normalised innovations ν/√S of the applied observations of {@code measurement}
   * within the drift window before the newest item, in effective-time order: whether the model
   * still explains the patient now.
   */
  public Cusum drift(String measurement) {
    // The retained log (in processing order) reaches back a late window plus a look-back (the drift
    // window) before the newest item, so it holds every item the drift window needs.
    Cusum c = Cusum.standard();
    for (Entry e : log.tailMap(new Key(newestTime - config.driftWindowMin(), -2, ""), true).values()) {
      if (appliedObservationOf(e.status, measurement)) {
        UpdateOutcome o = e.status.outcome().get();
        c = c.add(o.innovation() / Math.sqrt(o.innovationVariance()));
      }
    }
    return c;
  }

  /**
   * The drift CUSUM over the same window with at most one piece of evidence per sensor per
   * {@code blockMin} minutes ({@link org.icutwin.estimation.monitor.SensorBlockedCusum}), for
   * sensors whose error is autocorrelated (CGM).
   */
  public Cusum drift(String measurement, double blockMin) {
    var outcomes = new ArrayList<UpdateOutcome>();
    for (Entry e : log.tailMap(new Key(newestTime - config.driftWindowMin(), -2, ""), true).values()) {
      if (appliedObservationOf(e.status, measurement)) {
        outcomes.add(e.status.outcome().get());
      }
    }
    return org.icutwin.estimation.monitor.SensorBlockedCusum.fold(outcomes, blockMin);
  }

  /** A settled status with the key it was processed under. */
  private record Keyed(Key key, ItemStatus status) {}

  /** Sort key of an item. */
  record Key(double time, int rank, String id) {}

  /** A logged item and its latest status. */
  static final class Entry {
    final Key key;
    final Observation observation;
    final DoseEvent dose;
    final int channel;
    ItemStatus status;

    Entry(Key key, Observation observation, DoseEvent dose, int channel) {
      this.key = key;
      this.observation = observation;
      this.dose = dose;
      this.channel = channel;
    }
  }

  private record Checkpoint(Key key, StateEstimator estimator, double[] rates) {}

}
