package org.icutwin.server.twin;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.icutwin.control.twin.ItemResult;
import org.icutwin.control.twin.PatientTwin;
import org.icutwin.control.twin.ProposalDraft;
import org.icutwin.control.twin.TwinDose;
import org.icutwin.control.twin.TwinKind;
import org.icutwin.control.twin.TwinObservation;
import org.icutwin.control.twin.TwinSpec;
import org.icutwin.core.druglib.DrugLibrary;
import org.icutwin.core.model.Covariate;
import org.icutwin.core.model.Covariates;

/**
 * Everything one patient's twin knows, rebuilt by applying its events in order. Pure apart from
 * the twin's own computation; owned by one actor (not thread-safe). Observations and doses the
 * actor has already fed to the twin live ({@link #preApplied}) are not fed twice.
 */
public final class TwinState {

  /** How long message ids are remembered for de-duplication (redeliveries arrive within minutes). */
  static final Duration RECENT_IDS = Duration.ofHours(6);
  static final int MAX_POINTS = 20_000;
  static final int MAX_ALERTS = 500;
  /** Estimate points kept for the dashboard's history (5,000 at one per 5 min: about 17 days). */
  static final int MAX_ESTIMATES = 5_000;

  /**
   * A recorded data point for charts and history. {@code revises} names the result a correction
   * replaces (null for a first report); a replaced or withdrawn result stays with {@code applied}
   * false and reason {@code SUPERSEDED} or {@code WITHDRAWN}.
   */
  public record Point(Instant time, String quantity, double value, String unit, String sensorClass, boolean applied,
      String reason, String messageId, String revises) {

    /** A first report. */
    public Point(Instant time, String quantity, double value, String unit, String sensorClass, boolean applied,
        String reason, String messageId) {
      this(time, quantity, value, unit, sensorClass, applied, reason, messageId, null);
    }
  }

  /**
   * A dose or rate change recorded for charts and history, in the drug library's unit.
   *
   * @param applied whether the twin took it into its model (false: recorded only, with {@code reason})
   * @param by the device that reported it, or {@code clinician:{subject}} for one charted by hand
   *     over REST (null in snapshots written before it was kept)
   * @param basedOn the proposal or order it carries out, if named (null as {@code by})
   */
  public record DosePoint(Instant time, String drug, boolean bolus, double amount, String unit, boolean applied,
      String reason, String messageId, String by, String basedOn) {
  }

  /** Doses kept for the dashboard's history (the newest 5,000). */
  static final int MAX_DOSES = 5_000;

  /** A proposal and what became of it. */
  public record ProposalRecord(String proposalId, ProposalDraft draft, List<String> observationIds, String status,
      TwinEvent.RecommendationDecided decision, Instant issuedRecordedAt) {
    ProposalRecord with(String newStatus, TwinEvent.RecommendationDecided d) {
      return new ProposalRecord(proposalId, draft, observationIds, newStatus, d, issuedRecordedAt);
    }

    /** This proposal with another status, for display only (the state is not changed). */
    ProposalRecord shownAs(String shownStatus) {
      return with(shownStatus, decision);
    }
  }

  public record Binding(String deviceId, Instant from, Instant to) {
  }

  private final DrugLibrary library;
  private final UnaryOperator<PatientTwin> wrap;
  private TwinEvent.Admitted admission;
  private TwinSpec spec;
  private PatientTwin twin;
  private Instant dischargedAt;
  private final Map<String, Binding> bindings = new LinkedHashMap<>();
  private final List<Binding> pastBindings = new ArrayList<>();
  private final Map<String, Instant> deviceLatest = new LinkedHashMap<>();
  private Instant barrier = Instant.EPOCH;
  private Instant dataTime = Instant.EPOCH;
  private Instant lastReceived = Instant.EPOCH;
  private final LinkedHashMap<String, Instant> recentIds = new LinkedHashMap<>();
  private final Set<String> preApplied = new HashSet<>();
  private final Deque<Point> points = new ArrayDeque<>();
  private final Deque<DosePoint> doses = new ArrayDeque<>();
  private final Deque<String> recentControlledIds = new ArrayDeque<>();
  private final LinkedHashMap<String, ProposalRecord> proposals = new LinkedHashMap<>();
  private final Deque<TwinEvent.AlertRaised> alerts = new ArrayDeque<>();
  /** Acknowledgements of the alerts kept, by alert id (forgotten with their alert). */
  private final Map<String, Acknowledgement> acknowledgements = new LinkedHashMap<>();
  private final Deque<TwinEvent.ParametersUpdated> estimates = new ArrayDeque<>();
  private Instant lastEstimateAt;
  private long events;
  private long itemsRecorded;

  /**
   * The reason recorded for an item whose computation failed in the twin. Replay does not feed
   * such an item to the twin again: live, the twin restarted from its journal right after it
   * (TwinEntity), so the item never entered the state the twin went on with.
   */
  public static final String TWIN_ERROR = "TWIN_ERROR";

  public TwinState(DrugLibrary library) {
    this(library, UnaryOperator.identity());
  }

  /**
   * A state whose twins pass through {@code wrap} when created or restored (fault-injection tests
   * wrap them; the server uses the identity).
   */
  public TwinState(DrugLibrary library, UnaryOperator<PatientTwin> wrap) {
    this.library = library;
    this.wrap = wrap;
  }

  public boolean admitted() {
    return admission != null;
  }

  public boolean discharged() {
    return dischargedAt != null;
  }

  public TwinEvent.Admitted admission() {
    return admission;
  }

  public TwinSpec spec() {
    return spec;
  }

  /** The twin; only while admitted. */
  public PatientTwin twin() {
    return twin;
  }

  public Map<String, Binding> bindings() {
    return Map.copyOf(bindings);
  }

  public List<Binding> pastBindings() {
    return List.copyOf(pastBindings);
  }

  public Instant dataTime() {
    return dataTime;
  }

  /** Arrival time of the newest item in the journal. */
  public Instant lastReceived() {
    return lastReceived;
  }

  public long eventCount() {
    return events;
  }

  /**
   * How many observations and doses the twin has journaled (applied or refused): a client that
   * replays a stay compares it with what it sent to know that everything arrived.
   */
  public long itemsRecorded() {
    return itemsRecorded;
  }

  /** Whether a message id was seen recently (a redelivery). */
  public boolean seen(String messageId) {
    return recentIds.containsKey(messageId);
  }

  /**
   * The ingest watermark: the explicit barrier, or the time up to which every bound device that has
   * reported a measurement has reported, whichever is later. Pumps report only on change, so their
   * silence says nothing; they do not hold the watermark back.
   */
  public Instant watermark() {
    Instant devices = null;
    for (String d : bindings.keySet()) {
      Instant latest = deviceLatest.get(d);
      if (latest != null) {
        devices = devices == null || latest.isBefore(devices) ? latest : devices;
      }
    }
    return devices != null && devices.isAfter(barrier) ? devices : barrier;
  }

  public List<Point> points() {
    return List.copyOf(points);
  }

  /** Doses and rate changes recorded, oldest first (the newest {@value #MAX_DOSES}). */
  public List<DosePoint> doses() {
    return List.copyOf(doses);
  }

  /** Reasons of a chart point whose value its sender replaced or took back: never the latest value. */
  private static final Set<String> REPLACED = Set.of("SUPERSEDED", "WITHDRAWN");

  /**
   * The newest recorded reading of the quantity the twin controls (applied or not, but not one
   * replaced by a correction or withdrawn), else the newest
   * point (null when there is none): a reading kept only as context (another quantity a device
   * sent) is not the patient's latest value on the ward view.
   */
  public Point latestPoint() {
    String controlled = admission == null ? null : TwinKind.valueOf(admission.kind()).quantity();
    java.util.Iterator<Point> it = points.descendingIterator();
    while (controlled != null && it.hasNext()) {
      Point p = it.next();
      if (p.quantity().equals(controlled) && !REPLACED.contains(p.reason())) {
        return p;
      }
    }
    return points.peekLast();
  }

  public List<ProposalRecord> proposals() {
    return List.copyOf(proposals.values());
  }

  public Optional<ProposalRecord> proposal(String id) {
    return Optional.ofNullable(proposals.get(id));
  }

  public List<ProposalRecord> pending() {
    return proposals.values().stream().filter(p -> p.status().equals("PENDING")).toList();
  }

  public List<TwinEvent.AlertRaised> alerts() {
    return List.copyOf(alerts);
  }

  /** The alert kept under {@code alertId}, if any (the newest {@value #MAX_ALERTS} are kept). */
  public Optional<TwinEvent.AlertRaised> alert(String alertId) {
    return alerts.stream().filter(a -> a.alertId().equals(alertId)).findFirst();
  }

  /** Who acknowledged the kept alerts, by alert id. */
  public Map<String, Acknowledgement> acknowledgements() {
    return Map.copyOf(acknowledgements);
  }

  /**
   * A clinician's acknowledgement of an alert: who ({@code by}, with {@code role}), when, and an
   * optional note on what was done.
   */
  public record Acknowledgement(String alertId, String by, String role, Instant at, String note) {
  }

  /** The recorded estimates with data time in [{@code from}, {@code to}] (nulls: unbounded), oldest first. */
  public List<TwinEvent.ParametersUpdated> estimates(Instant from, Instant to) {
    return estimates.stream().filter(e -> (from == null || !e.dataTime().isBefore(from))
        && (to == null || !e.dataTime().isAfter(to))).toList();
  }

  /** Whether an estimate is due at {@code dataTime}: none yet, or {@code interval} passed since the last one. */
  public boolean estimateDue(Instant dataTime, Duration interval) {
    return lastEstimateAt == null || !dataTime.isBefore(lastEstimateAt.plus(interval));
  }

  /** Ids of the newest applied observations of the controlled quantity (what a proposal rests on). */
  public List<String> recentControlledObservationIds() {
    return List.copyOf(recentControlledIds);
  }

  /** Feeds an observation to the twin now (live); its event will not feed it again. */
  public ItemResult preApply(TwinObservation o) {
    preApplied.add(o.id());
    return twin.observe(o);
  }

  /**
   * Feeds a correction or withdrawal (recorded under {@code messageId}) of the result first recorded
   * under {@code revises} to the twin now (live); its event will not feed it again.
   */
  public ItemResult preApplyRevision(String messageId, String revises, boolean withdrawal, TwinObservation corrected) {
    preApplied.add(messageId);
    return revise(revises, withdrawal, corrected);
  }

  private ItemResult revise(String revises, boolean withdrawal, TwinObservation corrected) {
    return withdrawal ? twin.withdraw(revises, corrected.time()) : twin.revise(revises, corrected);
  }

  /**
   * Reasons a correction or withdrawal left the twin as it was: the original stands (too old to
   * re-run from, already withdrawn, or the twin failed on the revision), or a correction of a result
   * the twin never had came after the late window.
   */
  public static final Set<String> REVISION_REFUSED = Set.of("REVISION_BEYOND_WINDOW", "WITHDRAWN", TWIN_ERROR,
      "BEFORE_ADMISSION", "LATE_BEYOND_WINDOW");

  /**
   * Takes back, now (live), the dose first recorded under {@code revises} (charted in error; this
   * withdrawal recorded under {@code messageId}); its event will not do it again.
   */
  public ItemResult preApplyDoseWithdrawal(String messageId, String revises) {
    preApplied.add(messageId);
    return withdrawDose(revises);
  }

  /** The charted dose first recorded under {@code messageId}, if it is still among the kept ones. */
  public Optional<DosePoint> doseOf(String messageId) {
    var it = doses.descendingIterator();
    while (it.hasNext()) {
      DosePoint p = it.next();
      if (p.messageId().equals(messageId)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  private ItemResult withdrawDose(String revises) {
    Optional<DosePoint> p = doseOf(revises);
    if (p.isEmpty()) {
      return new ItemResult(false, "UNKNOWN_ITEM", "no dose " + revises + " is charted for this patient");
    }
    if ("WITHDRAWN".equals(p.get().reason())) {
      return new ItemResult(false, "WITHDRAWN", "dose " + revises + " was withdrawn before");
    }
    DosePoint d = p.get();
    return twin.withdrawDose(new TwinDose(d.messageId(), d.time(), d.drug(), d.bolus(), d.amount(), d.unit()));
  }

  /**
   * Why a dose withdrawal changed nothing in the twin although the dose is gone from the chart: the
   * twin does not model the drug, or never took the dose (refused when it came).
   */
  public static final Set<String> NOTHING_TO_TAKE_BACK = Set.of("OTHER_DRUG", "UNKNOWN_ITEM");

  private void markDoseWithdrawn(String messageId) {
    var kept = new ArrayList<DosePoint>(doses.size());
    for (DosePoint p : doses) {
      kept.add(p.messageId().equals(messageId) ? new DosePoint(p.time(), p.drug(), p.bolus(), p.amount(), p.unit(),
          false, "WITHDRAWN", p.messageId(), p.by(), p.basedOn()) : p);
    }
    doses.clear();
    doses.addAll(kept);
  }

  /** Feeds a dose to the twin now (live); its event will not feed it again. */
  public ItemResult preApply(TwinDose d) {
    preApplied.add(d.id());
    return twin.administer(d);
  }

  /** Applies one event (live or replay). */
  public void apply(TwinEvent e) {
    events++;
    if (e instanceof TwinEvent.Admitted a) {
      admission = a;
      spec = specOf(a);
      twin = wrap.apply(PatientTwin.create(spec, library));
      dataTime = a.admittedAt();
    } else if (e instanceof TwinEvent.DeviceBound b) {
      bindings.put(b.deviceId(), new Binding(b.deviceId(), b.from(), null));
    } else if (e instanceof TwinEvent.DeviceUnbound u) {
      Binding b = bindings.remove(u.deviceId());
      if (b != null) {
        pastBindings.add(new Binding(b.deviceId(), b.from(), u.at()));
      }
    } else if (e instanceof TwinEvent.ObservationRecorded o) {
      onObservation(o);
    } else if (e instanceof TwinEvent.DoseAdministered d && d.isWithdrawal()) {
      remember(d.messageId(), d.receivedTime());
      itemsRecorded++;
      boolean applied = d.applied();
      if (!preApplied.remove(d.messageId()) && !TWIN_ERROR.equals(d.reason())) {
        applied = withdrawDose(d.revises()).applied();
      }
      if (applied || NOTHING_TO_TAKE_BACK.contains(d.reason())) {
        markDoseWithdrawn(d.revises());
      }
      advance(null, d.effectiveTime());
    } else if (e instanceof TwinEvent.DoseAdministered d) {
      remember(d.messageId(), d.receivedTime());
      itemsRecorded++;
      if (!preApplied.remove(d.messageId()) && !TWIN_ERROR.equals(d.reason())) {
        twin.administer(new TwinDose(d.messageId(), d.effectiveTime(), d.drug(), d.bolus(), d.amount(), d.unit()));
      }
      doses.addLast(new DosePoint(d.effectiveTime(), d.drug(), d.bolus(), d.amount(), d.unit(), d.applied(), d.reason(),
          d.messageId(), d.deviceId(), d.basedOn()));
      while (doses.size() > MAX_DOSES) {
        doses.removeFirst();
      }
      advance(null, d.effectiveTime());
    } else if (e instanceof TwinEvent.RecommendationIssued r) {
      proposals.put(r.proposalId(),
        new ProposalRecord(r.proposalId(), r.proposal(), r.observationIds(), "PENDING", null, r.recordedAt()));
    } else if (e instanceof TwinEvent.RecommendationDecided d) {
      ProposalRecord p = proposals.get(d.proposalId());
      if (p != null) {
        String status = switch (d.decision()) {
          case "ACCEPT" -> "ACCEPTED";
          case "MODIFY" -> "MODIFIED";
          default -> "REJECTED";
        };
        proposals.put(p.proposalId(), p.with(status, d));
        // Only an accepted proposal is taken as given (its rescue dextrose, its plan as the
        // controller's warm start). A modified one was not: the clinician's rate reaches the twin as
        // the pump reports it, and a dextrose rescue counts when it is charted. The feed and dextrose
        // advice of either stands beside the dose: reported as advised, it is the advice carried out.
        if (d.decision().equals("ACCEPT")) {
          twin.accepted(p.draft());
        } else if (d.decision().equals("MODIFY")) {
          twin.modified(p.draft());
        }
      }
    } else if (e instanceof TwinEvent.RecommendationExpired x) {
      ProposalRecord p = proposals.get(x.proposalId());
      if (p != null) {
        proposals.put(p.proposalId(), p.with("EXPIRED", null));
      }
    } else if (e instanceof TwinEvent.AlertRaised a) {
      alerts.addLast(a);
      while (alerts.size() > MAX_ALERTS) {
        acknowledgements.remove(alerts.removeFirst().alertId());
      }
    } else if (e instanceof TwinEvent.AlertAcknowledged k) {
      if (alert(k.alertId()).isPresent()) {
        acknowledgements.putIfAbsent(k.alertId(), new Acknowledgement(k.alertId(), k.actor(), k.role(),
            k.recordedAt(), k.note() == null ? "" : k.note()));
      }
    } else if (e instanceof TwinEvent.BarrierReached b) {
      if (b.through().isAfter(barrier)) {
        barrier = b.through();
      }
    } else if (e instanceof TwinEvent.ParametersUpdated p) {
      estimates.addLast(p);
      while (estimates.size() > MAX_ESTIMATES) {
        estimates.removeFirst();
      }
      if (lastEstimateAt == null || p.dataTime().isAfter(lastEstimateAt)) {
        lastEstimateAt = p.dataTime();
      }
    } else if (e instanceof TwinEvent.Discharged d) {
      dischargedAt = d.at();
      for (ProposalRecord p : pending()) {
        proposals.put(p.proposalId(), p.with("EXPIRED", null));
      }
    }
  }

  private void onObservation(TwinEvent.ObservationRecorded o) {
    remember(o.messageId(), o.receivedTime());
    itemsRecorded++;
    boolean applied = o.applied();
    if (!preApplied.remove(o.messageId())) {
      var observation = new TwinObservation(o.messageId(), o.effectiveTime(), o.quantity(), o.sensorClass(), o.value(),
          o.belowLoq());
      if (o.isRevision()) {
        if (!TWIN_ERROR.equals(o.reason())) {
          applied = revise(o.revises(), o.isWithdrawal(), observation).applied();
        }
      } else if (TWIN_ERROR.equals(o.reason())) {
        twin.noteUnapplied(observation); // not filtered again; what the protocol reads from it still counts
      } else {
        applied = twin.observe(observation).applied();
      }
    }
    if (o.isRevision() && !REVISION_REFUSED.contains(o.reason())) {
      markRevised(o.revises(), o.isWithdrawal() ? "WITHDRAWN" : "SUPERSEDED");
    }
    if (o.isWithdrawal()) {
      advance(o.deviceId(), o.effectiveTime());
      return;
    }
    points.addLast(new Point(o.effectiveTime(), o.quantity(), o.value(), o.unit(), o.sensorClass(), applied, o.reason(),
        o.messageId(), o.revises()));
    while (points.size() > MAX_POINTS) {
      points.removeFirst();
    }
    if (applied && o.quantity().equals(spec.kind().quantity())) {
      recentControlledIds.addLast(o.messageId());
      while (recentControlledIds.size() > 12) {
        recentControlledIds.removeFirst();
      }
    }
    advance(o.deviceId(), o.effectiveTime());
  }

  /**
   * The chart's point of the result first recorded under {@code messageId} (and any correction of
   * it), marked replaced; a proposal issued from now on does not name it among the readings it rests on.
   */
  private void markRevised(String messageId, String reason) {
    var marked = new ArrayList<Point>(points.size());
    for (Point p : points) {
      boolean revised = (messageId.equals(p.messageId()) || messageId.equals(p.revises()))
          && !"WITHDRAWN".equals(p.reason());
      marked.add(revised ? new Point(p.time(), p.quantity(), p.value(), p.unit(), p.sensorClass(), false, reason,
          p.messageId(), p.revises()) : p);
      if (revised) {
        recentControlledIds.remove(p.messageId()); // proposals no longer rest on it
      }
    }
    points.clear();
    points.addAll(marked);
  }

  /** The newest chart point recorded for the result first sent under {@code messageId} or a correction of it. */
  public Optional<Point> pointOf(String messageId) {
    var it = points.descendingIterator();
    while (it.hasNext()) {
      Point p = it.next();
      if (messageId.equals(p.messageId()) || messageId.equals(p.revises())) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** Data time moves with every item; the watermark only with measuring devices (pumps report on change only). */
  private void advance(String deviceId, Instant t) {
    if (deviceId != null) {
      deviceLatest.merge(deviceId, t, (a, b) -> a.isAfter(b) ? a : b);
    }
    if (t.isAfter(dataTime)) {
      dataTime = t;
    }
  }

  private void remember(String id, Instant received) {
    recentIds.put(id, received);
    if (received.isAfter(lastReceived)) {
      lastReceived = received;
    }
    Instant horizon = received.minus(RECENT_IDS);
    Iterator<Map.Entry<String, Instant>> it = recentIds.entrySet().iterator();
    while (it.hasNext()) {
      if (it.next().getValue().isBefore(horizon)) {
        it.remove();
      } else {
        break;
      }
    }
  }

  /** An immutable copy of everything this state holds, for a Pekko snapshot. */
  public TwinSnapshot toSnapshot() {
    var devices = new ArrayList<TwinSnapshot.DeviceTime>();
    deviceLatest.forEach((d, t) -> devices.add(new TwinSnapshot.DeviceTime(d, t)));
    var ids = new ArrayList<TwinSnapshot.IdTime>();
    recentIds.forEach((id, t) -> ids.add(new TwinSnapshot.IdTime(id, t)));
    return new TwinSnapshot(TwinSnapshot.FORMAT_VERSION, events, admission, twin == null ? null : twin.exportState(),
        dischargedAt, List.copyOf(bindings.values()), List.copyOf(pastBindings), devices, barrier, dataTime,
        lastReceived, ids, List.copyOf(preApplied), List.copyOf(points), List.copyOf(recentControlledIds),
        List.copyOf(proposals.values()), List.copyOf(alerts), List.copyOf(estimates), lastEstimateAt, itemsRecorded,
        List.copyOf(doses), List.copyOf(acknowledgements.values()));
  }

  /**
   * The state a snapshot was taken of; its twin is restored from the export, not replayed.
   *
   * @throws org.icutwin.control.twin.UnreadableTwinStateException when the twin's export cannot be restored
   */
  public static TwinState fromSnapshot(DrugLibrary library, TwinSnapshot s) {
    return fromSnapshot(library, UnaryOperator.identity(), s);
  }

  /** As {@link #fromSnapshot(DrugLibrary, TwinSnapshot)}, the restored twin passed through {@code wrap}. */
  public static TwinState fromSnapshot(DrugLibrary library, UnaryOperator<PatientTwin> wrap, TwinSnapshot s) {
    TwinState st = new TwinState(library, wrap);
    st.events = s.events();
    st.itemsRecorded = s.itemsRecorded();
    st.admission = s.admission();
    if (s.admission() != null) {
      st.spec = specOf(s.admission());
      st.twin = wrap.apply(s.twin() == null ? PatientTwin.create(st.spec, library) : PatientTwin.restore(st.spec,
          library, s.twin()));
    }
    st.dischargedAt = s.dischargedAt();
    s.bindings().forEach(b -> st.bindings.put(b.deviceId(), b));
    st.pastBindings.addAll(s.pastBindings());
    s.deviceLatest().forEach(d -> st.deviceLatest.put(d.deviceId(), d.time()));
    st.barrier = s.barrier();
    st.dataTime = s.dataTime();
    st.lastReceived = s.lastReceived();
    s.recentIds().forEach(i -> st.recentIds.put(i.id(), i.received()));
    st.preApplied.addAll(s.preApplied());
    st.points.addAll(s.points());
    st.doses.addAll(s.doses() == null ? List.of() : s.doses());
    st.recentControlledIds.addAll(s.recentControlledIds());
    s.proposals().forEach(p -> st.proposals.put(p.proposalId(), p));
    st.alerts.addAll(s.alerts());
    (s.acknowledgements() == null ? List.<Acknowledgement>of() : s.acknowledgements())
        .forEach(k -> st.acknowledgements.put(k.alertId(), k));
    st.estimates.addAll(s.estimates() == null ? List.of() : s.estimates());
    st.lastEstimateAt = s.lastEstimateAt();
    return st;
  }

  public static TwinSpec specOf(TwinEvent.Admitted a) {
    Covariates c = Covariates.none();
    for (Map.Entry<String, Double> e : a.covariates().entrySet()) {
      Covariate cov = Covariate.valueOf(e.getKey());
      c = cov.unit().equals("1") ? c.with(cov, e.getValue() != 0) : c.with(cov, e.getValue());
    }
    return new TwinSpec(a.patientId(), TwinKind.valueOf(a.kind()), a.careArea(), c, a.admittedAt(),
        a.initialValue() == null ? OptionalDouble.empty() : OptionalDouble.of(a.initialValue()),
        a.bandLow() == null ? Optional.empty() : Optional.of(new TwinSpec.Band(a.bandLow(), a.bandHigh())),
        a.lateWindowMin() == null ? OptionalDouble.empty() : OptionalDouble.of(a.lateWindowMin()));
  }

  static Map<String, Double> covariateMap(Covariates c) {
    Map<String, Double> out = new LinkedHashMap<>();
    new EnumMap<>(c.asMap()).forEach((k, v) -> out.put(k.name(), v));
    return out;
  }
}
