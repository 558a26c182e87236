package org.icutwin.server.twin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.SnapshotCompleted;
import org.apache.pekko.persistence.typed.SnapshotSelectionCriteria;
import org.apache.pekko.persistence.typed.javadsl.Recovery;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;
import org.apache.pekko.persistence.typed.SnapshotAdapter;
import org.icutwin.server.config.TwinSettings;
import org.icutwin.control.recommend.RecommendationReason;
import org.icutwin.control.twin.AsOfInPastException;
import org.icutwin.control.twin.ClinicianCheck;
import org.icutwin.control.twin.ItemResult;
import org.icutwin.control.twin.PatientTwin;
import org.icutwin.control.twin.ProposalDraft;
import org.icutwin.control.twin.TwinDose;
import org.icutwin.control.twin.TwinKind;
import org.icutwin.control.twin.TwinObservation;
import org.icutwin.core.druglib.DrugLibrary;
import org.icutwin.estimation.timeline.RejectionReason;
import org.icutwin.gateway.ingest.AdministrationRecord;
import org.icutwin.gateway.ingest.IngestItem;
import org.icutwin.gateway.ingest.ObservationRecord;
import org.icutwin.gateway.ingest.Revision;

/**
 * The per-patient twin actor: a thin event-sourced shell over {@link TwinState} and the pure
 * {@link org.icutwin.control.twin.PatientTwin}. One entity per patient behind Cluster Sharding;
 * the journal is the audit trail. A question whose computation fails answers its caller with an
 * error and leaves the twin as it was; an observation or dose whose computation fails is journaled
 * as not applied ({@link TwinState#TWIN_ERROR}) with a critical alert, and the twin restarts from
 * its journal so that the failure cannot leave it half-changed (see {@link #create}).
 */
public final class TwinEntity extends EventSourcedBehavior<TwinCommand, TwinEvent, TwinState> {

  public static final EntityTypeKey<TwinCommand> TYPE_KEY = EntityTypeKey.create(TwinCommand.class, "PatientTwin");

  /** What every twin actor shares (read-only or thread-safe). */
  public record Deps(DrugLibrary library, TwinListener listener, IngestLog ingestLog, Executor blocking,
      Clock clock, TwinPolicy policy, Timings timings, TwinSettings settings, UnaryOperator<PatientTwin> wrap,
      Set<String> snapshotsRefused) {

    /**
     * @param snapshotsRefused patients whose newest snapshot could be read but not restored (e.g. a
     *     twin saved by a release that estimated other parameters): until a new snapshot is saved,
     *     they recover by replaying their whole journal. Thread-safe; shared by the node's twins.
     */
    public Deps(DrugLibrary library, TwinListener listener, IngestLog ingestLog, Executor blocking, Clock clock,
        TwinPolicy policy, Timings timings, TwinSettings settings, UnaryOperator<PatientTwin> wrap) {
      this(library, listener, ingestLog, blocking, clock, policy, timings, settings, wrap,
          java.util.concurrent.ConcurrentHashMap.newKeySet());
    }

    public Deps(DrugLibrary library, TwinListener listener, IngestLog ingestLog, Executor blocking, Clock clock,
        TwinPolicy policy, Timings timings, TwinSettings settings) {
      this(library, listener, ingestLog, blocking, clock, policy, timings, settings, UnaryOperator.identity());
    }
  }

  /**
   * Thrown (after the failure is journaled) to restart a twin whose computation failed: the
   * supervisor restarts the actor, which recovers from its journal, where the failed item is
   * recorded but not fed again, so the twin goes on from a state the failure never touched.
   */
  static final class RestartAfterFailure extends RuntimeException {
    RestartAfterFailure(String message) {
      super(message, null, false, false);
    }
  }

  /** Restarts of a failed twin, and of one whose journal write failed, back off from 200 ms to 10 s. */
  static final Duration MIN_BACKOFF = Duration.ofMillis(200);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

  /** Where the actor reports how long the twin's computations took (metrics). */
  public interface Timings {
    void estimatorUpdated(Duration took);

    void proposalComputed(Duration took);

    /** A twin finished recovering: from a snapshot plus later events, or by replaying its whole journal. */
    default void recovered(Duration took, boolean fromSnapshot) {
    }

    /** A twin actor started (or restarted, or woke from passivation) on this node. */
    default void started(String patientId) {
    }

    /** A twin actor stopped (passivated, restarted, discharged, node shutting down). */
    default void stopped(String patientId) {
    }

    /** An ingested item was handed to the twin. */
    default void queued(String patientId) {
    }

    /** The twin took an item handed to it. */
    default void handled(String patientId) {
    }

    /** The twin's computation failed on an item; it restarts from its journal. */
    default void failed(String patientId) {
    }

    /** The twin's inbox sweep found {@code items} recorded items that had never reached it. */
    default void swept(String patientId, int items) {
    }

    Timings NONE = new Timings() {
      @Override
      public void estimatorUpdated(Duration took) {
      }

      @Override
      public void proposalComputed(Duration took) {
      }
    };
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  private final String patientId;
  private final Deps deps;
  private final ActorContext<TwinCommand> context;
  private final Map<Long, Waiter> waiters = new LinkedHashMap<>();
  private long nextWaiter;
  /** After recovery, until the inbox catch-up is applied: live items wait (stashed) behind it. */
  private boolean catchingUp;
  private final long startedNanos = System.nanoTime();
  private final TimerScheduler<TwinCommand> timers;
  /** Where the next inbox sweep starts reading (received time), less {@link #SWEEP_OVERLAP}. */
  private Instant sweepFrom;
  /** Set when recovery started from a snapshot (the events it covered), for the recovery log and metrics. */
  private long snapshotEvents = -1;

  private record Waiter(Instant asOf, Runnable answer, Runnable timeout) {
  }

  private TwinEntity(ActorContext<TwinCommand> context, TimerScheduler<TwinCommand> timers, String patientId,
      Deps deps) {
    // A failed journal write (database down) restarts the twin with back-off instead of stopping it.
    super(PersistenceId.of(TYPE_KEY.name(), patientId),
        SupervisorStrategy.restartWithBackoff(MIN_BACKOFF, MAX_BACKOFF, 0.2));
    this.context = context;
    this.timers = timers;
    this.patientId = patientId;
    this.deps = deps;
    deps.timings().started(patientId);
  }

  /**
   * The twin, supervised: an exception escaping its handlers (a failed computation, see
   * {@link RestartAfterFailure}, or a bug in the shell) restarts it with back-off; it recovers
   * from its journal and snapshots and catches up from the inbox. Other twins are not affected;
   * fatal errors (out of memory, linkage) are not caught.
   */
  public static Behavior<TwinCommand> create(String patientId, Deps deps) {
    return Behaviors.supervise(Behaviors.<TwinCommand>withTimers(timers -> Behaviors.<TwinCommand>setup(ctx ->
        new TwinEntity(ctx, timers, patientId, deps))))
        .onFailure(Exception.class, SupervisorStrategy.restartWithBackoff(MIN_BACKOFF, MAX_BACKOFF, 0.2));
  }

  @Override
  public TwinState emptyState() {
    return new TwinState(deps.library(), deps.wrap());
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(deps.settings().snapshotEvery(), deps.settings().snapshotsKept());
  }

  /**
   * Snapshots are immutable {@link TwinSnapshot}s made in the actor (the state itself is mutable).
   * One that cannot be read (another format version, a broken payload) fails in the snapshot
   * store's deserialiser, which is configured {@code snapshot-is-optional}: the twin then replays its
   * whole journal, and says so when recovery completes.
   */
  @Override
  public SnapshotAdapter<TwinState> snapshotAdapter() {
    return new SnapshotAdapter<>() {
      @Override
      public Object toJournal(TwinState state) {
        return state.toSnapshot();
      }

      @Override
      public TwinState fromJournal(Object from) {
        TwinSnapshot snapshot = (TwinSnapshot) from;
        try {
          TwinState state = TwinState.fromSnapshot(deps.library(), deps.wrap(), snapshot);
          snapshotEvents = snapshot.events();
          return state;
        } catch (RuntimeException e) {
          // Read but not restorable (e.g. a filter state of another dimension that no format version
          // marked): recovery fails, the supervisor restarts the twin, and recovery() then skips
          // snapshots. A failure the journal replay shares (an admission the library no longer
          // serves) is not cured by this: that twin keeps restarting with back-off, and says why.
          deps.snapshotsRefused().add(patientId);
          context.getLog().warn("twin {}: its snapshot of {} event(s) cannot be restored ({}); restarting to replay"
              + " its whole journal", patientId, snapshot.events(), e.toString());
          throw new IllegalStateException("snapshot of " + snapshot.events() + " event(s) of twin " + patientId
              + " cannot be restored: " + e.getMessage(), e);
        }
      }
    };
  }

  /** Skips snapshots for a twin whose newest snapshot could not be restored on this node (see {@link Deps}). */
  @Override
  public Recovery recovery() {
    return deps.snapshotsRefused().contains(patientId)
        ? Recovery.withSnapshotSelectionCriteria(SnapshotSelectionCriteria.none()) : super.recovery();
  }

  @Override
  public EventHandler<TwinState, TwinEvent> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent((state, event) -> {
      state.apply(event);
      return state;
    });
  }

  @Override
  public SignalHandler<TwinState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(org.apache.pekko.actor.typed.PostStop.instance(), state -> deps.timings().stopped(patientId))
        .onSignal(org.apache.pekko.actor.typed.PreRestart.instance(), state -> deps.timings().stopped(patientId))
        .onSignal(SnapshotCompleted.class, (state, done) -> deps.snapshotsRefused().remove(patientId))
        .onSignal(RecoveryCompleted.instance(), state -> {
      Duration took = since(startedNanos);
      boolean fromSnapshot = snapshotEvents >= 0;
      if (fromSnapshot) {
        context.getLog().info("twin {} recovered from a snapshot of {} event(s) plus {} later event(s) in {} ms",
            patientId, snapshotEvents, state.eventCount() - snapshotEvents, took.toMillis());
      } else if (state.eventCount() > 0) {
        context.getLog().info("twin {} recovered by replaying its whole journal ({} event(s), no usable snapshot) in"
            + " {} ms", patientId, state.eventCount(), took.toMillis());
      }
      if (state.eventCount() > 0) {
        deps.timings().recovered(took, fromSnapshot);
      }
      sweepFrom = now();
      scheduleSweep();
      if (state.admitted() && !state.discharged()) {
        catchingUp = true;
        Instant from = state.lastReceived().minus(Duration.ofMinutes(10));
        context.pipeToSelf(CompletableFuture.supplyAsync(() -> deps.ingestLog().receivedSince(patientId, from),
            deps.blocking()), (items, failure) -> new TwinCommand.CaughtUp(failure == null ? items : List.of()));
      }
    }).build();
  }

  @Override
  public CommandHandler<TwinCommand, TwinEvent, TwinState> commandHandler() {
    return newCommandHandlerBuilder().forAnyState()
        .onCommand(TwinCommand.Admit.class, this::admit)
        .onCommand(TwinCommand.Bind.class, this::bind)
        .onCommand(TwinCommand.Unbind.class, this::unbind)
        .onCommand(TwinCommand.Ingest.class, this::ingest)
        .onCommand(TwinCommand.Barrier.class, this::barrier)
        .onCommand(TwinCommand.Describe.class, this::describe)
        .onCommand(TwinCommand.GetForecast.class, this::forecast)
        .onCommand(TwinCommand.Recommend.class, this::recommend)
        .onCommand(TwinCommand.AskWhatIf.class, this::whatIf)
        .onCommand(TwinCommand.GetSummary.class, (s, c) -> s.admitted()
            ? Effect().reply(c.replyTo(), StatusReply.success(summary(s))) : notAdmitted(s, c.replyTo()))
        .onCommand(TwinCommand.GetProposals.class, (s, c) -> Effect().reply(c.replyTo(), StatusReply.success(
            asShown(s))))
        .onCommand(TwinCommand.Decide.class, this::decide)
        .onCommand(TwinCommand.AcknowledgeAlert.class, this::acknowledge)
        .onCommand(TwinCommand.CheckDose.class, this::checkDose)
        .onCommand(TwinCommand.GetHistory.class, this::history)
        .onCommand(TwinCommand.GetEstimates.class, (s, c) -> s.admitted()
            ? Effect().reply(c.replyTo(), StatusReply.success(s.estimates(c.from(), c.to())))
            : notAdmitted(s, c.replyTo()))
        .onCommand(TwinCommand.Discharge.class, this::discharge)
        .onCommand(TwinCommand.Wake.class, (s, c) -> Effect().none())
        .onCommand(TwinCommand.WaitTimeout.class, this::timeout)
        .onCommand(TwinCommand.CaughtUp.class, this::caughtUp)
        .onCommand(TwinCommand.IdConflict.class, this::idConflict)
        .onCommand(TwinCommand.SweepInbox.class, this::sweep)
        .onCommand(TwinCommand.Swept.class, this::swept)
        .build();
  }

  /**
   * The proposals as a reader should see them now: a pending one whose expiry has passed (on the
   * data time or the live clock) shows as EXPIRED, as a decision on it would find, although the
   * event that expires it is journaled only with the twin's next event.
   */
  private List<TwinState.ProposalRecord> asShown(TwinState s) {
    return s.proposals().stream().map(p -> "PENDING".equals(p.status())
        && deps.policy().expired(p.draft(), s.dataTime(), now()) ? p.shownAs("EXPIRED") : p).toList();
  }

  private Instant now() {
    return deps.clock().instant();
  }

  private static <T> StatusReply<T> error(TwinError.Kind kind, String message) {
    return StatusReply.error(new TwinError(kind, message));
  }

  private <T> ReplyEffect<TwinEvent, TwinState> notAdmitted(TwinState s,
      org.apache.pekko.actor.typed.ActorRef<StatusReply<T>> replyTo) {
    String why = s.discharged() ? "patient " + patientId + " was discharged" : "patient " + patientId
        + " is not admitted";
    return Effect().reply(replyTo, error(TwinError.Kind.NOT_FOUND, why));
  }

  private Effect<TwinEvent, TwinState> admit(TwinState s, TwinCommand.Admit c) {
    if (s.admitted()) {
      return Effect().reply(c.replyTo(), error(TwinError.Kind.CONFLICT, "patient " + patientId
          + " is already admitted (twin " + s.admission().kind() + ")"));
    }
    TwinEvent.Admitted e;
    try {
      TwinKind kind = TwinKind.valueOf(c.kind());
      e = new TwinEvent.Admitted(now(), c.actor(), patientId, c.bed(), c.kind(), c.careArea(), c.covariates(),
          c.admittedAt(), c.initialValue(), c.bandLow(), c.bandHigh(), deps.settings().lateWindowMin(kind));
      TwinState.specOf(e);
      deps.library().entry(kind.drug(), c.careArea());
      // Building the twin checks the rest (library entry, covariates) before anything is persisted.
      org.icutwin.control.twin.PatientTwin.create(TwinState.specOf(e), deps.library());
    } catch (RuntimeException ex) {
      return Effect().reply(c.replyTo(), error(TwinError.Kind.INVALID, ex.getMessage()));
    }
    return persist(e).thenReply(c.replyTo(), st -> StatusReply.success(summary(st)));
  }

  private org.apache.pekko.persistence.typed.javadsl.EffectBuilder<TwinEvent, TwinState> persist(TwinEvent e) {
    return Effect().persist(e).thenRun(st -> deps.listener().persisted(patientId, e, st));
  }

  private Effect<TwinEvent, TwinState> bind(TwinState s, TwinCommand.Bind c) {
    if (!s.admitted() || s.discharged()) {
      return notAdmitted(s, c.replyTo());
    }
    if (s.bindings().containsKey(c.deviceId())) {
      return Effect().reply(c.replyTo(), error(TwinError.Kind.CONFLICT, "device " + c.deviceId()
          + " is already bound to patient " + patientId));
    }
    return persist(new TwinEvent.DeviceBound(now(), c.actor(), c.deviceId(), c.from()))
        .thenReply(c.replyTo(), st -> StatusReply.success(summary(st)));
  }

  private Effect<TwinEvent, TwinState> unbind(TwinState s, TwinCommand.Unbind c) {
    if (!s.bindings().containsKey(c.deviceId())) {
      return Effect().reply(c.replyTo(), error(TwinError.Kind.NOT_FOUND, "device " + c.deviceId()
          + " is not bound to patient " + patientId));
    }
    return persist(new TwinEvent.DeviceUnbound(now(), c.actor(), c.deviceId(), c.at()))
        .thenReply(c.replyTo(), st -> StatusReply.success(summary(st)));
  }

  private Effect<TwinEvent, TwinState> ingest(TwinState s, TwinCommand.Ingest c) {
    if (catchingUp) {
      // Items the inbox holds from before a crash go first, in the order they were received.
      return Effect().stash();
    }
    if (c.replyTo() == null) {
      deps.timings().handled(patientId);
    }
    IngestItem item = c.item();
    if (!s.admitted() || s.discharged()) {
      return c.replyTo() == null ? Effect().none() : notAdmitted(s, c.replyTo());
    }
    if (s.seen(item.messageId())) {
      return c.replyTo() == null ? Effect().none()
          : Effect().reply(c.replyTo(), StatusReply.success("DUPLICATE"));
    }
    TwinEvent event = record(s, item);
    List<TwinEvent> events = new ArrayList<>();
    events.add(event);
    if (failed(event)) {
      events.add(failureAlert(item));
    } else {
      events.addAll(afterData(s, event));
    }
    return Effect().persist(events).thenRun(st -> {
      events.forEach(e -> deps.listener().persisted(patientId, e, st));
      answerWaiters(st);
      if (c.replyTo() != null) {
        c.replyTo().tell(StatusReply.success("RECORDED"));
      }
      restartIfFailed(events);
    });
  }

  private static boolean failed(TwinEvent e) {
    return e instanceof TwinEvent.ObservationRecorded o ? TwinState.TWIN_ERROR.equals(o.reason())
        : e instanceof TwinEvent.DoseAdministered d && TwinState.TWIN_ERROR.equals(d.reason());
  }

  private TwinEvent.AlertRaised failureAlert(IngestItem item) {
    return new TwinEvent.AlertRaised(now(), "twin", UUID.randomUUID().toString(), "TWIN_ERROR", "critical",
        "the twin's computation failed on " + item.messageId() + "; the item is kept, not applied, and the twin "
        + "restarts from its journal without it (see the server log)");
  }

  /** After a failed computation is journaled: restart the twin so that it goes on from its journal. */
  private void restartIfFailed(List<TwinEvent> events) {
    if (events.stream().anyMatch(TwinEntity::failed)) {
      deps.timings().failed(patientId);
      throw new RestartAfterFailure("twin " + patientId + " restarts after a failed computation");
    }
  }

  /**
   * Feeds an item to the twin and returns the event that records it with the outcome; a failing
   * computation (e.g. a unit the twin cannot convert) is recorded as not applied, never dropped.
   */
  private TwinEvent record(TwinState s, IngestItem item) {
    try {
      return item instanceof ObservationRecord o ? observation(s, o) : dose(s, (AdministrationRecord) item);
    } catch (RuntimeException | StackOverflowError | AssertionError ex) {
      context.getLog().error("twin {} failed on {}; it will restart from its journal", patientId, item.messageId(),
          ex);
      String detail = ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage());
      return item instanceof ObservationRecord o ? observationEvent(o, false, TwinState.TWIN_ERROR, detail)
          : doseEvent((AdministrationRecord) item, false, TwinState.TWIN_ERROR);
    }
  }

  private TwinEvent observation(TwinState s, ObservationRecord o) {
    long t0 = System.nanoTime();
    var observation = new TwinObservation(o.messageId(), o.effectiveTime(), o.quantity(), o.sensorClass(), o.value(),
        o.belowLoq());
    ItemResult r = o.revision() == Revision.ORIGINAL ? s.preApply(observation)
        : s.preApplyRevision(o.messageId(), o.revises(), o.revision() == Revision.WITHDRAWAL, observation);
    deps.timings().estimatorUpdated(since(t0));
    return observationEvent(o, r.applied(), r.reason(), r.detail());
  }

  private static TwinEvent observationEvent(ObservationRecord o, boolean applied, String reason, String detail) {
    return new TwinEvent.ObservationRecorded(o.receivedTime(), o.deviceId(), o.messageId(), o.deviceId(),
        o.source().name(), o.code().toString(), o.quantity(), o.sensorClass(), o.value(), o.unit(), o.belowLoq(),
        o.effectiveTime(), o.receivedTime(), applied, reason, detail == null ? "" : detail,
        o.revision() == Revision.ORIGINAL ? null : o.revision().name(), o.revises());
  }

  private TwinEvent dose(TwinState s, AdministrationRecord a) {
    ItemResult r = a.revision() == Revision.WITHDRAWAL ? s.preApplyDoseWithdrawal(a.messageId(), a.revises())
        : s.preApply(new TwinDose(a.messageId(), a.effectiveTime(), a.drug(), a.kind() == AdministrationRecord.Kind.BOLUS,
            a.amount(), a.unit()));
    TwinEvent e = doseEvent(a, r.applied(), r.reason());
    if (a.revision() == Revision.WITHDRAWAL && !r.applied()) {
      withdrawalDetail.put(a.messageId(), r.detail());
    }
    replanDue = r.applied() && r.replan();
    return e;
  }

  /**
   * Whether the dose just recorded changed an input no plan foresaw (a feed stopped, started or
   * re-prescribed: {@link ItemResult#replan()}), so that {@link #afterData} proposes at once. Set by
   * {@link #dose} and read in the same command.
   */
  private boolean replanDue;

  /** Why a dose withdrawal was refused, for its alert (the event keeps the reason code only). */
  private final Map<String, String> withdrawalDetail = new java.util.HashMap<>();

  private static TwinEvent doseEvent(AdministrationRecord a, boolean applied, String reason) {
    return new TwinEvent.DoseAdministered(a.receivedTime(), a.deviceId(), a.messageId(), a.deviceId(),
        a.source().name(), a.drug(), a.kind() == AdministrationRecord.Kind.BOLUS, a.amount(), a.unit(),
        a.effectiveTime(), a.receivedTime(), a.basedOn(), applied, reason,
        a.revision() == Revision.ORIGINAL ? null : a.revision().name(), a.revises());
  }

  /**
   * What follows new data: expired proposals, and a new proposal when the controlled quantity was
   * measured and the policy's decision interval has passed since the last one.
   */
  private List<TwinEvent> afterData(TwinState s, TwinEvent event) {
    var out = new ArrayList<TwinEvent>();
    Instant dataTime = event instanceof TwinEvent.ObservationRecorded o && o.effectiveTime().isAfter(s.dataTime())
        ? o.effectiveTime() : s.dataTime();
    for (TwinState.ProposalRecord p : s.pending()) {
      if (deps.policy().expired(p.draft(), dataTime, now())) {
        out.add(new TwinEvent.RecommendationExpired(now(), "twin", p.proposalId()));
      }
    }
    estimate(s, event).ifPresent(out::add);
    lateAlert(s, event).ifPresent(out::add);
    Optional<TwinEvent> revised = revisionAlert(s, event);
    revised.ifPresent(out::add);
    if (event instanceof TwinEvent.DoseAdministered d && d.isWithdrawal()) {
      out.addAll(doseWithdrawn(s, d));
    } else if (event instanceof TwinEvent.DoseAdministered d && d.applied() && replanDue) {
      // A feed stopped with insulin running: the pending proposal was planned for the feed; a new
      // one now, not at the next scheduled measurement (ProposalTiming).
      out.addAll(propose(s, d.effectiveTime().isAfter(s.dataTime()) ? d.effectiveTime() : s.dataTime(), null));
    }
    replanDue = false;
    boolean revisedTwin = revised.isPresent() && event instanceof TwinEvent.ObservationRecorded r
        && !TwinState.REVISION_REFUSED.contains(r.reason()) && !NOT_HELD.equals(r.reason());
    if (event instanceof TwinEvent.ObservationRecorded o && o.quantity().equals(s.spec().kind().quantity())
        && (revisedTwin || !o.isRevision() && (counts(o) && deps.policy().due(s, o.effectiveTime())
            || urgent(s, o)))) {
      // A revision changed the data a pending proposal rests on: a new one at once, for the newest data.
      // As of the newest data: a laboratory result usually arrives after pump reports timed later
      // than its draw, and a proposal as of the draw would be a question about the past (it failed
      // with PROPOSAL_FAILED and the result brought no proposal; quick-start probe, 2026-12-07).
      out.addAll(propose(s, dataTime, o.messageId()));
    }
    return out;
  }

  /**
   * A proposal the twin makes on its own as of {@code at} (naming {@code newest} among the readings
   * it rests on, when given), or an alert that it could not compute one.
   */
  private List<TwinEvent> propose(TwinState s, Instant at, String newest) {
    try {
      long t0 = System.nanoTime();
      ProposalDraft draft = s.twin().recommend(at);
      deps.timings().proposalComputed(since(t0));
      return issue(s, draft, newest);
    } catch (RuntimeException ex) {
      context.getLog().warn("twin {} could not compute a proposal: {}", patientId, ex.toString());
      return List.of(new TwinEvent.AlertRaised(now(), "twin", UUID.randomUUID().toString(), "PROPOSAL_FAILED",
          "warning", "no proposal: " + ex.getMessage()));
    }
  }

  /**
   * Whether a reading counts towards a routine proposal: applied, or refused by the filter as
   * contradicting the twin ({@link org.icutwin.control.twin.ProposalTiming#counts}).
   */
  private static boolean counts(TwinEvent.ObservationRecorded o) {
    return org.icutwin.control.twin.ProposalTiming.counts(new ItemResult(o.applied(), o.reason() == null ? ""
        : o.reason(), ""));
  }

  /** Grams of glucose per millimole (molar mass 180.16 g/mol). */
  private static final double GLUCOSE_G_PER_MMOL = 0.18016;

  /** Reasons a reading was not applied for which a new proposal would not answer it. */
  private static final Set<String> NOT_FOR_PROPOSALS = Set.of(RejectionReason.LATE_BEYOND_WINDOW.name(),
      "BEFORE_ADMISSION", TwinState.TWIN_ERROR);

  /**
   * A reading of the controlled quantity beyond the risk limit, applied or refused by the filter (an
   * outlier, an implausible jump): the protocol acts on it (a measured low stops insulin and asks
   * for a rescue), so a proposal is computed at once, whatever the decision interval (a low MAP at
   * most once a minute: {@link TwinPolicy#urgentDue}).
   */
  private boolean urgent(TwinState s, TwinEvent.ObservationRecorded o) {
    return !NOT_FOR_PROPOSALS.contains(o.reason()) && beyondRiskLimit(s, o.value(), o.unit())
        && deps.policy().urgentDue(s, o.applied() ? o.effectiveTime() : s.dataTime());
  }

  /** Whether a reading of the controlled quantity lies on the harmful side of the twin's risk limit. */
  private static boolean beyondRiskLimit(TwinState s, double value, String unit) {
    return org.icutwin.control.twin.ProposalTiming.beyondRiskLimit(s.twin().target(), value, unit);
  }

  /**
   * A reading of the controlled quantity that arrived after the late window was kept but not applied
   * (a laboratory value can take longer than the window): its sender was answered "recorded", and
   * the twin and its proposals do not reflect it, so the clinician is told. Critical when the value
   * lies on the harmful side of the twin's risk limit (e.g. glucose below 4.0 mmol/L).
   */
  private Optional<TwinEvent> lateAlert(TwinState s, TwinEvent event) {
    if (!(event instanceof TwinEvent.ObservationRecorded o) || o.applied() || !RejectionReason.LATE_BEYOND_WINDOW.name().equals(o.reason())
        || !o.quantity().equals(s.spec().kind().quantity()) || o.isRevision()) {
      return Optional.empty();
    }
    org.icutwin.control.twin.Target target = s.twin().target();
    boolean harmful = beyondRiskLimit(s, o.value(), o.unit());
    return Optional.of(new TwinEvent.AlertRaised(now(), "twin", UUID.randomUUID().toString(), "LATE_DATA_NOT_APPLIED",
        harmful ? "critical" : "warning", String.format(java.util.Locale.ROOT,
            "%s %s %s taken at %s (%s) arrived after the twin's late window and was not applied: the twin and its "
            + "proposals do not reflect it%s", o.quantity(), o.value(), o.unit(), o.effectiveTime(), o.messageId(),
            harmful ? "; it is beyond the risk limit " + target.riskLimit() + " " + target.unit() : "")));
  }

  /**
   * A correction or withdrawal of a result of the controlled quantity: the clinician is told what
   * changed, since proposals already seen rested on the first value. When the twin took it (its
   * estimate re-ran from the result's time) a new proposal follows at once; when it could not (the
   * result is older than the late window) the estimate and proposals still rest on the first value,
   * and the alert says so: critical when either value lies beyond the risk limit.
   */
  private Optional<TwinEvent> revisionAlert(TwinState s, TwinEvent event) {
    if (!(event instanceof TwinEvent.ObservationRecorded o) || !o.isRevision()
        || !o.quantity().equals(s.spec().kind().quantity())) {
      return Optional.empty();
    }
    Optional<TwinState.Point> first = s.pointOf(o.revises());
    String was = first.map(p -> String.format(java.util.Locale.ROOT, "%s %.3g %s taken at %s (%s)", p.quantity(),
        p.value(), p.unit(), p.time(), o.revises()))
        .orElse(o.quantity() + " result " + o.revises());
    String change = o.isWithdrawal() ? "was withdrawn as entered in error"
        : String.format(java.util.Locale.ROOT, "was corrected to %.3g %s taken at %s", o.value(), o.unit(),
            o.effectiveTime());
    boolean harmful = first.map(p -> beyondRiskLimit(s, p.value(), p.unit())).orElse(false)
        || !o.isWithdrawal() && beyondRiskLimit(s, o.value(), o.unit());
    if (RejectionReason.WITHDRAWN.name().equals(o.reason())) {
      return Optional.of(new TwinEvent.AlertRaised(now(), "twin", UUID.randomUUID().toString(), "REVISION_NOT_APPLIED",
          "warning", was + " " + change + ", but it had been withdrawn as entered in error: a withdrawn result is"
              + " not corrected; send the right value as a new result"));
    }
    if (TwinState.REVISION_REFUSED.contains(o.reason())) {
      return Optional.of(new TwinEvent.AlertRaised(now(), "twin", UUID.randomUUID().toString(), "REVISION_NOT_APPLIED",
          harmful ? "critical" : "warning", was + " " + change + ", but the twin could not take it (" + o.reason()
              + ": " + o.detail() + "): its estimate and proposals still rest on the first value; review them"));
    }
    if (first.isEmpty() && !o.isWithdrawal()) {
      return Optional.of(new TwinEvent.AlertRaised(now(), "twin", UUID.randomUUID().toString(), "RESULT_REVISED",
          harmful ? "critical" : "warning", "a correction of " + o.quantity() + " result " + o.revises()
              + ", which never reached this twin, was taken as a new reading: " + String.format(java.util.Locale.ROOT,
                  "%.3g %s taken at %s", o.value(), o.unit(), o.effectiveTime())
              + (o.applied() ? "" : " (not applied: " + o.reason() + ")")));
    }
    String effect = NOT_HELD.equals(o.reason()) ? "; the twin had not weighed it (its estimate does not include it)"
        : o.isWithdrawal() || o.applied()
            ? "; the twin re-ran its estimate from then and a new proposal replaces any pending one"
            : "; the twin re-ran its estimate from then without the first value, but refused the corrected one ("
                + o.reason() + ": " + o.detail() + "); a new proposal replaces any pending one";
    return Optional.of(new TwinEvent.AlertRaised(now(), "twin", UUID.randomUUID().toString(), "RESULT_REVISED",
        harmful ? "critical" : "warning", was + " " + change + effect));
  }

  /**
   * A dose charted in error and withdrawn: the clinician is told what the twin did. When it took the
   * dose back (re-ran its estimate without it) a new proposal replaces any pending one at once, as
   * the pending one was computed with the dose; when it could not, why (too old to re-run, a feed
   * report, not charted), critical for the twin's own drug when the estimate still includes it.
   */
  private List<TwinEvent> doseWithdrawn(TwinState s, TwinEvent.DoseAdministered d) {
    var out = new ArrayList<TwinEvent>();
    String what = s.doseOf(d.revises()).map(p -> String.format(java.util.Locale.ROOT, "%s %s%.3g %s at %s (%s)",
        p.drug(), p.bolus() ? "bolus " : "rate ", p.amount(), p.unit(), p.time(), d.revises()))
        .orElse(d.drug() + " dose " + d.revises());
    if (d.applied()) {
      out.add(new TwinEvent.AlertRaised(now(), "twin", UUID.randomUUID().toString(), "DOSE_WITHDRAWN", "warning",
          what + " was withdrawn as charted in error; the twin re-ran its estimate without it and a new proposal "
              + "replaces any pending one"));
      out.addAll(propose(s, s.dataTime(), null));
      return out;
    }
    String why = withdrawalDetail.getOrDefault(d.messageId(), d.reason());
    withdrawalDetail.remove(d.messageId());
    if (TwinState.NOTHING_TO_TAKE_BACK.contains(d.reason())) {
      return out; // the twin never counted it: nothing changed that a clinician must hear of
    }
    boolean ownDrug = d.drug().equals(s.spec().kind().drug());
    out.add(new TwinEvent.AlertRaised(now(), "twin", UUID.randomUUID().toString(), "REVISION_NOT_APPLIED",
        ownDrug && "REVISION_BEYOND_WINDOW".equals(d.reason()) ? "critical" : "warning", what
            + " was withdrawn as charted in error, but the twin could not take it back (" + d.reason() + ": " + why
            + ")" + (ownDrug && "REVISION_BEYOND_WINDOW".equals(d.reason())
                ? ": its estimate and proposals still include the dose; review them" : "")));
    return out;
  }

  /** A withdrawal of a result the twin does not hold (it never weighed it): nothing to re-run. */
  private static final String NOT_HELD = RejectionReason.UNKNOWN_ITEM.name();

  /**
   * The twin's estimate as of the data time after {@code event}, when the configured interval has
   * passed since the last one (the journal then shows how the personalisation evolved).
   */
  private Optional<TwinEvent> estimate(TwinState s, TwinEvent event) {
    Instant t = event instanceof TwinEvent.ObservationRecorded o ? o.effectiveTime()
        : event instanceof TwinEvent.DoseAdministered d ? d.effectiveTime() : s.dataTime();
    Instant dataTime = t.isAfter(s.dataTime()) ? t : s.dataTime();
    if (!s.estimateDue(dataTime, deps.settings().estimateInterval())) {
      return Optional.empty();
    }
    try {
      org.icutwin.control.twin.TwinView v = s.twin().describe(dataTime);
      return Optional.of(new TwinEvent.ParametersUpdated(now(), "twin", dataTime, estimated(v.output()),
          v.states().stream().map(TwinEntity::estimated).toList(),
          v.parameters().stream().map(TwinEntity::estimated).toList()));
    } catch (RuntimeException ex) {
      context.getLog().warn("twin {} could not record its estimate at {}: {}", patientId, dataTime, ex.toString());
      return Optional.empty();
    }
  }

  private static TwinEvent.Estimated estimated(org.icutwin.control.twin.Interval i) {
    return new TwinEvent.Estimated(i.name(), i.unit(), i.value(), i.lower90(), i.upper90());
  }

  /** Events that issue {@code draft} (superseding pending ones); {@code newest} is an observation not yet in the state. */
  private List<TwinEvent> issue(TwinState s, ProposalDraft draft, String newest) {
    var out = new ArrayList<TwinEvent>();
    for (TwinState.ProposalRecord p : s.pending()) {
      out.add(new TwinEvent.RecommendationExpired(now(), "twin", p.proposalId()));
    }
    String id = UUID.randomUUID().toString();
    List<String> used = new ArrayList<>(s.recentControlledObservationIds());
    if (newest != null) {
      used.add(newest);
    }
    out.add(new TwinEvent.RecommendationIssued(now(), "twin", id, draft, used));
    if (!draft.deliverable()) {
      out.add(new TwinEvent.AlertRaised(now(), "twin", UUID.randomUUID().toString(), "PROPOSAL_WITHHELD", "warning",
          "the safety envelope withheld the proposal: " + String.join(", ", draft.safetyReasons())));
    } else if (draft.dextroseMmol().isPresent()) {
      out.add(new TwinEvent.AlertRaised(now(), "twin", UUID.randomUUID().toString(), "HYPOGLYCAEMIA_RESCUE", "critical",
          String.format(java.util.Locale.ROOT, "hypoglycaemia protocol: stop insulin and give dextrose %.1f mmol"
              + " (%.1f g of glucose)", draft.dextroseMmol().getAsDouble(),
              draft.dextroseMmol().getAsDouble() * GLUCOSE_G_PER_MMOL)));
    } else if (cgmLowToCheck(draft) && !recentOpenAlert(s, CGM_LOW_CHECK_BLOOD)) {
      // The proposal stops insulin on a CGM low and waits for a blood glucose: someone must take it.
      out.add(new TwinEvent.AlertRaised(now(), "twin", UUID.randomUUID().toString(), CGM_LOW_CHECK_BLOOD, "critical",
          draft.reasons().contains(RecommendationReason.CGM_LOW_CONTRADICTED_BY_BLOOD.name())
              ? "CGM low that the last blood glucose contradicts: insulin stopped; check a blood glucose now"
              : "CGM low: insulin stopped; check a blood glucose now (dextrose waits for it)"));
    }
    return out;
  }

  /** Alert code: a CGM low stopped insulin and waits for (or is contradicted by) a blood glucose. */
  static final String CGM_LOW_CHECK_BLOOD = "CGM_LOW_CHECK_BLOOD";

  /** An unacknowledged alert of this code within this long is not raised again (CGM readings come every 5 min). */
  static final Duration ALERT_REPEAT_AFTER = Duration.ofMinutes(15);

  private static boolean cgmLowToCheck(ProposalDraft draft) {
    return draft.reasons().contains(RecommendationReason.CGM_LOW_AWAITS_BLOOD.name())
        || draft.reasons().contains(RecommendationReason.CGM_LOW_CONTRADICTED_BY_BLOOD.name());
  }

  private boolean recentOpenAlert(TwinState s, String code) {
    Instant since = now().minus(ALERT_REPEAT_AFTER);
    return s.alerts().stream().anyMatch(a -> a.code().equals(code) && a.recordedAt().isAfter(since)
        && !s.acknowledgements().containsKey(a.alertId()));
  }

  private Effect<TwinEvent, TwinState> barrier(TwinState s, TwinCommand.Barrier c) {
    if (!s.admitted()) {
      return notAdmitted(s, c.replyTo());
    }
    return Effect().persist(new TwinEvent.BarrierReached(now(), c.actor(), c.through())).thenRun(st -> {
      answerWaiters(st);
      c.replyTo().tell(StatusReply.success(summary(st)));
    });
  }

  /**
   * Runs {@code answer} (which replies) now when the watermark has reached {@code asOf}, else once
   * it does, or {@code timeout} after {@code wait}.
   */
  private Effect<TwinEvent, TwinState> whenIngested(TwinState s, Instant asOf, Duration wait, Runnable answer,
      Runnable timeout) {
    if (asOf == null || !s.watermark().isBefore(asOf)) {
      answer.run();
    } else if (wait == null || wait.isZero() || wait.isNegative()) {
      timeout.run();
    } else {
      long id = nextWaiter++;
      waiters.put(id, new Waiter(asOf, answer, timeout));
      context.scheduleOnce(wait, context.getSelf(), new TwinCommand.WaitTimeout(id));
    }
    return Effect().none();
  }

  private void answerWaiters(TwinState st) {
    var ready = new ArrayList<Long>();
    waiters.forEach((id, w) -> {
      if (!st.watermark().isBefore(w.asOf())) {
        ready.add(id);
      }
    });
    for (Long id : ready) {
      waiters.remove(id).answer().run();
    }
  }

  private Effect<TwinEvent, TwinState> timeout(TwinState s, TwinCommand.WaitTimeout c) {
    Waiter w = waiters.remove(c.waiterId());
    if (w != null) {
      w.timeout().run();
    }
    return Effect().none();
  }

  private Effect<TwinEvent, TwinState> describe(TwinState s, TwinCommand.Describe c) {
    if (!s.admitted()) {
      return notAdmitted(s, c.replyTo());
    }
    return whenIngested(s, c.asOf(), c.maxWait(),
        () -> c.replyTo().tell(compute(() -> new TwinCommand.Description(summary(s),
            s.twin().describe(asOf(s, c.asOf()))))),
        () -> c.replyTo().tell(notYet(s, c.asOf())));
  }

  private Effect<TwinEvent, TwinState> forecast(TwinState s, TwinCommand.GetForecast c) {
    if (!s.admitted()) {
      return notAdmitted(s, c.replyTo());
    }
    return whenIngested(s, c.asOf(), c.maxWait(),
        () -> c.replyTo().tell(compute(() -> s.twin().forecast(asOf(s, c.asOf()), c.horizon()))),
        () -> c.replyTo().tell(notYet(s, c.asOf())));
  }

  private Effect<TwinEvent, TwinState> whatIf(TwinState s, TwinCommand.AskWhatIf c) {
    if (!s.admitted()) {
      return notAdmitted(s, c.replyTo());
    }
    return whenIngested(s, c.asOf(), c.maxWait(),
        () -> c.replyTo().tell(compute(() -> s.twin().whatIf(asOf(s, c.asOf()), c.regimens(), c.horizon()))),
        () -> c.replyTo().tell(notYet(s, c.asOf())));
  }

  private Effect<TwinEvent, TwinState> recommend(TwinState s, TwinCommand.Recommend c) {
    if (!s.admitted() || s.discharged()) {
      return notAdmitted(s, c.replyTo());
    }
    if (c.asOf() != null && s.watermark().isBefore(c.asOf())) {
      // Proposals are issued only on complete data: wait, then ask again.
      return whenIngested(s, c.asOf(), c.maxWait(),
          () -> context.getSelf().tell(new TwinCommand.Recommend(c.asOf(), Duration.ZERO, c.actor(), c.replyTo())),
          () -> c.replyTo().tell(notYet(s, c.asOf())));
    }
    // Asked without a time, a proposal is for now on the server's clock, not for the newest data's
    // time: data that simply stopped arriving are then stale to the safety envelope (withheld with
    // STALE_MEASUREMENT) instead of fresh by construction. A replay asks as of its own data's time.
    Instant at = c.asOf() != null ? c.asOf() : s.dataTime().isAfter(now()) ? s.dataTime() : now();
    ProposalDraft draft;
    try {
      long t0 = System.nanoTime();
      draft = s.twin().recommend(at);
      deps.timings().proposalComputed(since(t0));
    } catch (AsOfInPastException ex) {
      return Effect().reply(c.replyTo(), error(TwinError.Kind.CONFLICT, ex.getMessage()));
    } catch (RuntimeException ex) {
      return Effect().reply(c.replyTo(), error(TwinError.Kind.FAILED, "the twin could not compute a proposal: "
          + ex.getMessage()));
    }
    List<TwinEvent> events = issue(s, draft, null);
    String id = events.stream().filter(e -> e instanceof TwinEvent.RecommendationIssued)
        .map(e -> ((TwinEvent.RecommendationIssued) e).proposalId()).findFirst().orElseThrow();
    return Effect().persist(events).thenRun(st -> {
      events.forEach(e -> deps.listener().persisted(patientId, e, st));
      c.replyTo().tell(StatusReply.success(st.proposal(id).orElseThrow()));
    });
  }

  private Effect<TwinEvent, TwinState> checkDose(TwinState s, TwinCommand.CheckDose c) {
    if (!s.admitted()) {
      return notAdmitted(s, c.replyTo());
    }
    if (s.proposal(c.proposalId()).isEmpty()) {
      return Effect().reply(c.replyTo(), error(TwinError.Kind.NOT_FOUND, "no proposal " + c.proposalId()
          + " for patient " + patientId));
    }
    if (c.value() == null || !Double.isFinite(c.value()) || c.unit() == null || c.unit().isBlank()) {
      return Effect().reply(c.replyTo(), error(TwinError.Kind.INVALID, "a dose check needs a finite value and a unit"));
    }
    String reason = c.reason() == null ? "" : c.reason().trim();
    try {
      ClinicianCheck check = s.twin().checkClinicianDose(s.dataTime(), c.value(), c.unit(), c.actor(),
          reason.isEmpty() ? Optional.empty() : Optional.of(reason));
      return Effect().reply(c.replyTo(), StatusReply.success(check));
    } catch (RuntimeException ex) {
      return Effect().reply(c.replyTo(), error(TwinError.Kind.INVALID, ex.getMessage()));
    }
  }

  /**
   * A clinician acknowledges an alert. Acknowledging one already acknowledged answers the first
   * acknowledgement and changes nothing (a second click, a retry).
   */
  private Effect<TwinEvent, TwinState> acknowledge(TwinState s, TwinCommand.AcknowledgeAlert c) {
    if (!s.admitted()) {
      return notAdmitted(s, c.replyTo());
    }
    Optional<TwinEvent.AlertRaised> alert = s.alert(c.alertId());
    if (alert.isEmpty()) {
      return Effect().reply(c.replyTo(), error(TwinError.Kind.NOT_FOUND, "no alert " + c.alertId() + " for patient "
          + patientId));
    }
    TwinState.Acknowledgement before = s.acknowledgements().get(c.alertId());
    if (before != null) {
      return Effect().reply(c.replyTo(), StatusReply.success(new TwinCommand.AcknowledgedAlert(alert.get(), before)));
    }
    String note = c.note() == null ? "" : c.note().strip();
    if (note.length() > 1000) {
      return Effect().reply(c.replyTo(), error(TwinError.Kind.INVALID, "note is " + note.length()
          + " characters; at most 1000"));
    }
    TwinEvent e = new TwinEvent.AlertAcknowledged(now(), c.actor(), c.alertId(), c.role(), note);
    return Effect().persist(e).thenRun(st -> deps.listener().persisted(patientId, e, st))
        .thenReply(c.replyTo(), st -> StatusReply.success(new TwinCommand.AcknowledgedAlert(alert.get(),
            st.acknowledgements().get(c.alertId()))));
  }

  private Effect<TwinEvent, TwinState> decide(TwinState s, TwinCommand.Decide c) {
    if (!s.admitted()) {
      return notAdmitted(s, c.replyTo());
    }
    Optional<TwinState.ProposalRecord> found = s.proposal(c.proposalId());
    if (found.isEmpty()) {
      return Effect().reply(c.replyTo(), error(TwinError.Kind.NOT_FOUND, "no proposal " + c.proposalId()
          + " for patient " + patientId));
    }
    TwinState.ProposalRecord p = found.get();
    if (!p.status().equals("PENDING")) {
      return Effect().reply(c.replyTo(), error(TwinError.Kind.CONFLICT, "proposal " + p.proposalId() + " is "
          + p.status().toLowerCase(java.util.Locale.ROOT) + ", not pending"));
    }
    if (deps.policy().expired(p.draft(), s.dataTime(), now())) {
      return Effect().persist(new TwinEvent.RecommendationExpired(now(), "twin", p.proposalId()))
          .thenReply(c.replyTo(), st -> error(TwinError.Kind.CONFLICT, "proposal " + p.proposalId()
              + " expired at " + p.draft().expiresAt() + "; ask for a new one"));
    }
    String reason = c.reason() == null ? "" : c.reason().trim();
    Double value = null;
    String unit = null;
    boolean override = false;
    switch (c.decision()) {
      case "REJECT" -> {
        if (reason.isEmpty()) {
          return Effect().reply(c.replyTo(), error(TwinError.Kind.INVALID, "a rejection needs a reason"));
        }
      }
      case "ACCEPT" -> {
        if (!p.draft().deliverable()) {
          return Effect().reply(c.replyTo(), error(TwinError.Kind.CONFLICT, "proposal " + p.proposalId()
              + " was withheld by the safety envelope (" + String.join(", ", p.draft().safetyReasons())
              + "); it cannot be accepted, only modified or rejected"));
        }
        if (p.draft().overrideRequired() && reason.isEmpty()) {
          return Effect().reply(c.replyTo(), error(TwinError.Kind.INVALID,
              "the proposal exceeds a soft limit: accepting it needs a reason"));
        }
        override = p.draft().overrideRequired();
        value = p.draft().proposed().get().value();
        unit = p.draft().proposed().get().unit();
      }
      case "MODIFY" -> {
        if (c.value() == null || c.unit() == null) {
          return Effect().reply(c.replyTo(), error(TwinError.Kind.INVALID, "a modification needs a value and a unit"));
        }
        ClinicianCheck check;
        try {
          check = s.twin().checkClinicianDose(s.dataTime(), c.value(), c.unit(), c.actor(),
              reason.isEmpty() ? Optional.empty() : Optional.of(reason));
        } catch (RuntimeException ex) {
          return Effect().reply(c.replyTo(), error(TwinError.Kind.INVALID, ex.getMessage()));
        }
        if (!check.allowed()) {
          String msg = check.overrideRequired()
              ? "the modified dose exceeds a soft limit: give a reason to override (" + check.message() + ")"
              : "the modified dose is refused: " + check.message() + " " + check.reasons();
          return Effect().reply(c.replyTo(), error(check.overrideRequired() ? TwinError.Kind.INVALID
              : TwinError.Kind.UNSAFE, msg));
        }
        override = check.reasons().stream().anyMatch(r -> r.endsWith("_SOFT_MAX") || r.endsWith("_SOFT_MIN"));
        // The order states the library's unit, whatever unit the clinician typed (ug/min becomes ug/kg/min).
        org.icutwin.core.units.Quantity q;
        try {
          q = s.twin().inLibraryUnit(c.value(), c.unit());
        } catch (RuntimeException ex) {
          return Effect().reply(c.replyTo(), error(TwinError.Kind.INVALID, ex.getMessage()));
        }
        value = q.value();
        unit = q.unit();
      }
      default -> {
        return Effect().reply(c.replyTo(), error(TwinError.Kind.INVALID, "decision must be ACCEPT, MODIFY or REJECT, was "
            + c.decision()));
      }
    }
    String orderId = c.decision().equals("REJECT") ? null : UUID.randomUUID().toString();
    TwinEvent e = new TwinEvent.RecommendationDecided(now(), c.actor(), p.proposalId(), c.decision(), c.role(), reason,
        value, unit, override, orderId);
    return persist(e).thenReply(c.replyTo(), st -> StatusReply.success(st.proposal(p.proposalId()).orElseThrow()));
  }

  private Effect<TwinEvent, TwinState> history(TwinState s, TwinCommand.GetHistory c) {
    Instant from = c.from() == null ? Instant.MIN : c.from();
    Instant to = c.to() == null ? Instant.MAX : c.to();
    var pts = s.points().stream().filter(p -> !p.time().isBefore(from) && !p.time().isAfter(to)).toList();
    var props = s.proposals().stream().filter(p -> !p.draft().issuedAt().isBefore(from)
        && !p.draft().issuedAt().isAfter(to)).toList();
    // The doses in the range, after the newest rate of each drug set before it (what was running at its start).
    var before = new java.util.TreeMap<String, TwinState.DosePoint>();
    var doses = new ArrayList<TwinState.DosePoint>();
    for (TwinState.DosePoint d : s.doses()) {
      if (d.time().isBefore(from)) {
        TwinState.DosePoint b = before.get(d.drug());
        if (!d.bolus() && (b == null || !d.time().isBefore(b.time()))) {
          before.put(d.drug(), d);
        }
      } else if (!d.time().isAfter(to)) {
        doses.add(d);
      }
    }
    doses.addAll(before.values());
    // In time order (a back-dated dose is journaled when it arrives, not when it was given).
    doses.sort(java.util.Comparator.comparing(TwinState.DosePoint::time));
    // Alerts by when they were raised (the server's clock, which is the data's clock at a live bedside).
    var alerts = s.alerts().stream().filter(a -> !a.recordedAt().isBefore(from) && !a.recordedAt().isAfter(to))
        .toList();
    return Effect().reply(c.replyTo(), StatusReply.success(new TwinCommand.History(pts, props, alerts, doses,
        s.acknowledgements())));
  }

  private Effect<TwinEvent, TwinState> discharge(TwinState s, TwinCommand.Discharge c) {
    if (!s.admitted() || s.discharged()) {
      return notAdmitted(s, c.replyTo());
    }
    return persist(new TwinEvent.Discharged(now(), c.actor(), c.at()))
        .thenReply(c.replyTo(), st -> StatusReply.success(summary(st)));
  }

  private Effect<TwinEvent, TwinState> caughtUp(TwinState s, TwinCommand.CaughtUp c) {
    catchingUp = false;
    List<TwinEvent> recorded = new ArrayList<>();
    java.util.Set<String> taken = new java.util.HashSet<>();
    TwinEvent failure = null;
    int newest = -1;
    boolean replan = false;
    Instant newestData = s.dataTime();
    for (IngestItem item : c.items()) {
      if (s.seen(item.messageId()) || !taken.add(item.messageId())) {
        continue;
      }
      TwinEvent e = record(s, item);
      recorded.add(e);
      replan |= e instanceof TwinEvent.DoseAdministered d && d.applied() && replanDue;
      replanDue = false;
      newestData = item.effectiveTime().isAfter(newestData) ? item.effectiveTime() : newestData;
      if (failed(e)) {
        // The twin may be half-changed: stop here; the rest is caught up again after the restart.
        failure = failureAlert(item);
        break;
      }
      if (e instanceof TwinEvent.ObservationRecorded o && o.quantity().equals(s.spec().kind().quantity())) {
        newest = recorded.size() - 1;
      }
    }
    // What follows data follows caught-up data too (the item that woke a passivated twin is caught
    // up here, and its live delivery is then a duplicate): each late reading's alert, and after the
    // newest reading of the controlled quantity what a live one would bring (expiries, an estimate,
    // a proposal when due).
    List<TwinEvent> events = new ArrayList<>();
    for (int i = 0; i < recorded.size(); i++) {
      TwinEvent e = recorded.get(i);
      events.add(e);
      if (failed(e)) {
        continue;
      }
      if (i == newest && failure == null) {
        events.addAll(afterData(s, e));
      } else {
        lateAlert(s, e).ifPresent(events::add);
      }
    }
    if (failure != null) {
      events.add(failure);
    } else if (replan && events.stream().noneMatch(e -> e instanceof TwinEvent.RecommendationIssued)) {
      // A feed started, stopped or re-prescribed among the caught-up items brings its proposal as it
      // would live (ProposalTiming), as of the newest data.
      events.addAll(propose(s, newestData, null));
    }
    if (events.isEmpty()) {
      return Effect().unstashAll();
    }
    context.getLog().info("twin {} caught up {} item(s) from the inbox after recovery", patientId, events.size());
    return Effect().persist(events).thenRun(st -> {
      events.forEach(e -> deps.listener().persisted(patientId, e, st));
      answerWaiters(st);
      restartIfFailed(events);
    }).thenUnstashAll();
  }


  /** After an ID_CONFLICT alert for a device, its further conflicts are not alerted for this long. */
  static final Duration CONFLICT_ALERT_QUIET = Duration.ofMinutes(10);
  /** When each device (or source) last raised an ID_CONFLICT alert here (not journaled). */
  private final Map<String, Instant> conflictAlerted = new java.util.HashMap<>();

  /**
   * An item refused because its id was recorded before with other content: the twin does not
   * reflect it, so the clinician is told, critically when it is a reading of the controlled
   * quantity on the harmful side of the risk limit. A device whose counter restarted would raise one
   * alert a second: after one, the device's conflicts are quiet for {@link #CONFLICT_ALERT_QUIET}
   * (each is still dead-lettered and reported to its sender).
   */
  private Effect<TwinEvent, TwinState> idConflict(TwinState s, TwinCommand.IdConflict c) {
    if (!s.admitted() || s.discharged()) {
      return Effect().none();
    }
    IngestItem item = c.refused();
    String source = item instanceof ObservationRecord o ? o.deviceId() : ((AdministrationRecord) item).deviceId();
    boolean harmful = item instanceof ObservationRecord o && o.quantity().equals(s.spec().kind().quantity())
        && beyondRiskLimit(s, o.value(), o.unit());
    Instant last = conflictAlerted.get(source);
    if (!harmful && last != null && now().isBefore(last.plus(CONFLICT_ALERT_QUIET))) {
      return Effect().none(); // a critical one is never muted
    }
    conflictAlerted.put(source, now());
    String detail = String.format(java.util.Locale.ROOT, "%s sent %s under message id %s, which was recorded before for"
        + " %s: the new item was not recorded and the twin does not reflect it (a device whose message counter"
        + " restarted, or a corrected result sent as final: a correction must say corrected, amended or"
        + " entered-in-error)%s; further conflicts from %s are not alerted for %d min unless beyond the risk limit", source, describe(item), item.messageId(), describe(c.recorded()),
        harmful ? "; it is beyond the risk limit " + s.twin().target().riskLimit() + " " + s.twin().target().unit() : "",
        source, CONFLICT_ALERT_QUIET.toMinutes());
    TwinEvent alert = new TwinEvent.AlertRaised(now(), "twin", UUID.randomUUID().toString(), "ID_CONFLICT",
        harmful ? "critical" : "warning", detail);
    return Effect().persist(alert).thenRun(st -> deps.listener().persisted(patientId, alert, st));
  }

  private static String describe(IngestItem item) {
    if (item instanceof ObservationRecord o) {
      return String.format(java.util.Locale.ROOT, "%s %s %s taken at %s", o.quantity(), o.value(), o.unit(),
          o.effectiveTime());
    }
    AdministrationRecord a = (AdministrationRecord) item;
    return String.format(java.util.Locale.ROOT, "%s %s %s %s at %s", a.drug(), a.kind().name().toLowerCase(
        java.util.Locale.ROOT), a.amount(), a.unit(), a.effectiveTime());
  }

  /** A sweep re-reads this much before where the last one ended: items committed late (a slow batch commit). */
  static final Duration SWEEP_OVERLAP = Duration.ofMinutes(2);
  /** Items received this recently may still be on their way to the twin: the next sweep looks at them. */
  static final Duration SWEEP_SETTLE = Duration.ofSeconds(10);

  private void scheduleSweep() {
    Duration every = deps.settings().inboxSweep();
    if (!every.isZero()) {
      timers.startSingleTimer("sweep", new TwinCommand.SweepInbox(), every);
    }
  }

  /**
   * Every {@code icutwin.twin.inbox-sweep}: reads the items the ingest store recorded for this
   * patient since the last sweep (with an overlap), off the actor's thread. A delivery that never
   * arrived (dropped by a full stash, lost while the shard moved) is found there.
   */
  private Effect<TwinEvent, TwinState> sweep(TwinState s, TwinCommand.SweepInbox c) {
    if (!s.admitted() || s.discharged() || catchingUp) {
      scheduleSweep();
      return Effect().none();
    }
    Instant from = sweepFrom.minus(SWEEP_OVERLAP);
    Instant until = now().minus(SWEEP_SETTLE);
    context.pipeToSelf(CompletableFuture.supplyAsync(() -> deps.ingestLog().receivedSince(patientId, from),
        deps.blocking()), (items, failure) -> failure == null ? new TwinCommand.Swept(items, until, false)
            : new TwinCommand.Swept(List.of(), until, true));
    List<TwinEvent> alerts = new ArrayList<>();
    staleAlert(s).ifPresent(alerts::add);
    overdueAlert(s).ifPresent(alerts::add);
    if (alerts.isEmpty()) {
      return Effect().none();
    }
    return Effect().persist(alerts).thenRun(st -> alerts.forEach(a -> deps.listener().persisted(patientId, a, st)));
  }

  /** The proposal a MEASUREMENT_OVERDUE alert was raised for (one alert per proposal; not journaled). */
  private String overdueAlertedFor;

  /**
   * The measurement the newest proposal advised has not come ({@link
   * org.icutwin.control.twin.ProposalTiming#measurementOverdue}: a blood glucose 30 min, a
   * vancomycin level 2 h past its advised time): the clinician is told once per proposal, since the
   * twin proposes again only when a measurement arrives.
   */
  private Optional<TwinEvent> overdueAlert(TwinState s) {
    Optional<TwinState.ProposalRecord> newest = s.proposals().stream()
        .max(java.util.Comparator.comparing(p -> p.draft().issuedAt()));
    if (newest.isEmpty() || newest.get().proposalId().equals(overdueAlertedFor)) {
      return Optional.empty();
    }
    ProposalDraft p = newest.get().draft();
    TwinKind kind = s.spec().kind();
    Optional<Instant> lastReading = s.points().stream().filter(pt -> pt.quantity().equals(kind.quantity()))
        .map(TwinState.Point::time).max(Instant::compareTo);
    if (!org.icutwin.control.twin.ProposalTiming.measurementOverdue(kind, p, lastReading, now())) {
      return Optional.empty();
    }
    overdueAlertedFor = newest.get().proposalId();
    long minutes = Duration.between(p.nextMeasurementAt(), now()).toMinutes();
    return Optional.of(new TwinEvent.AlertRaised(now(), "twin", UUID.randomUUID().toString(), "MEASUREMENT_OVERDUE",
        "warning", String.format(java.util.Locale.ROOT, "the %s measurement that proposal %s advised for %s has not"
            + " arrived (%d min overdue): the twin proposes again when one arrives, and until then its estimate and"
            + " the running dose rest on older data; measure now, or send the result if it was taken",
            kind.quantity(), newest.get().proposalId(), p.nextMeasurementAt(), minutes)));
  }

  /** The newest reading a DATA_STALE alert was raised for (one alert per gap; not journaled). */
  private Instant staleAlertedFor;

  /**
   * Data that simply stop arriving are told to the clinician: when, at the sweep, the newest accepted
   * reading of the controlled quantity is older on the server's clock than the safety envelope
   * accepts (glucose: 30 min from a CGM, 4 h from blood; MAP: 5 min), one DATA_STALE alert per gap.
   */
  private Optional<TwinEvent> staleAlert(TwinState s) {
    Optional<org.icutwin.control.twin.PatientTwin.Stale> stale;
    try {
      stale = s.twin().stale(now());
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    if (stale.isEmpty() || stale.get().newestReading().equals(staleAlertedFor)) {
      return Optional.empty();
    }
    staleAlertedFor = stale.get().newestReading();
    return Optional.of(new TwinEvent.AlertRaised(now(), "twin", UUID.randomUUID().toString(), "DATA_STALE", "warning",
        stale.get().detail()));
  }

  /**
   * Applies, through the live path, each swept item received before the sweep's settle time that
   * the twin has not seen; one the twin has seen is skipped (its id is remembered for 6 h).
   */
  private Effect<TwinEvent, TwinState> swept(TwinState s, TwinCommand.Swept c) {
    scheduleSweep();
    if (c.failed()) {
      context.getLog().warn("twin {}: the inbox sweep could not read the ingest store; the next sweep tries again",
          patientId);
      return Effect().none();
    }
    java.util.Set<String> taken = new java.util.HashSet<>();
    List<IngestItem> missed = c.items().stream().filter(i -> i.receivedTime().isBefore(c.until())
        && !s.seen(i.messageId()) && taken.add(i.messageId())).toList();
    if (c.until().isAfter(sweepFrom)) {
      sweepFrom = c.until();
    }
    if (!missed.isEmpty()) {
      context.getLog().warn("twin {}: {} recorded item(s) never reached the twin (first {}); applying them from the"
          + " ingest store", patientId, missed.size(), missed.get(0).messageId());
      deps.timings().swept(patientId, missed.size());
      for (IngestItem i : missed) {
        deps.timings().queued(patientId);
        context.getSelf().tell(new TwinCommand.Ingest(i, null));
      }
    }
    return Effect().none();
  }

  private Instant asOf(TwinState s, Instant asOf) {
    return asOf != null ? asOf : s.dataTime();
  }

  private <T> StatusReply<T> notYet(TwinState s, Instant asOf) {
    String upTo = Instant.EPOCH.equals(s.watermark()) ? "no data are known to be ingested yet (no barrier, no device"
        + " has reported)" : "data are ingested only up to " + s.watermark();
    return error(TwinError.Kind.NOT_YET, upTo + ", not yet up to " + asOf
        + "; retry, wait longer, or post an ingest barrier");
  }

  private static <T> StatusReply<T> compute(Supplier<T> work) {
    try {
      return StatusReply.success(work.get());
    } catch (AsOfInPastException ex) {
      return error(TwinError.Kind.CONFLICT, ex.getMessage());
    } catch (UnsupportedOperationException | IllegalArgumentException ex) {
      return error(TwinError.Kind.INVALID, ex.getMessage());
    } catch (RuntimeException ex) {
      return error(TwinError.Kind.FAILED, "the twin could not answer: " + ex.getMessage());
    }
  }

  static TwinCommand.Summary summary(TwinState s) {
    return new TwinCommand.Summary(s.admitted() ? s.admission().patientId() : null, s.admission(), s.discharged(),
        s.bindings(), s.dataTime(), s.watermark(), s.pending(), s.alerts(), s.latestPoint(),
        s.twin() == null ? null : s.twin().target(), s.itemsRecorded(), s.acknowledgements());
  }
}
