package org.icutwin.server.twin;

import io.micronaut.http.HttpStatus;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.pattern.StatusReply;
import org.icutwin.gateway.ingest.IngestItem;
import org.icutwin.server.api.ApiException;

/**
 * The way into the twins: registers the sharded twin entity and asks a patient's twin, turning
 * its typed refusals into API errors. Asks time out (a slow twin never blocks a caller forever).
 */
public final class TwinService {

  /** How long a caller waits for a twin's answer beyond any data wait it asked for. */
  public static final Duration ASK_TIMEOUT = Duration.ofSeconds(30);

  private final ClusterSharding sharding;
  private final java.time.Clock clock;
  private final TwinEntity.Timings timings;

  public TwinService(ActorSystem<?> system, TwinEntity.Deps deps) {
    this.clock = deps.clock();
    this.timings = deps.timings();
    this.sharding = ClusterSharding.get(system);
    sharding.init(Entity.of(TwinEntity.TYPE_KEY, ctx -> TwinEntity.create(ctx.getEntityId(), deps)));
  }

  /** The server's clock (accelerated in demo mode). */
  public java.time.Clock clock() {
    return clock;
  }

  public EntityRef<TwinCommand> twin(String patientId) {
    return sharding.entityRefFor(TwinEntity.TYPE_KEY, patientId);
  }

  /** Asks the patient's twin; refusals become {@link ApiException}s with the twin's message. */
  public <T> CompletableFuture<T> ask(String patientId, Function<ActorRef<StatusReply<T>>, TwinCommand> command,
      Duration extraWait) {
    return twin(patientId).<T>askWithStatus(command::apply, ASK_TIMEOUT.plus(extraWait)).toCompletableFuture()
        .exceptionally(TwinService::rethrow);
  }

  /** Hands a durably recorded item to its patient's twin (no answer awaited). */
  public void deliver(IngestItem item) {
    timings.queued(item.patientId());
    twin(item.patientId()).tell(new TwinCommand.Ingest(item, null));
  }

  /**
   * Tells the twin that {@code refused} came under the id of {@code recorded} with other content and
   * was not recorded (no answer awaited): the clinician hears of it through an alert.
   */
  public void conflict(IngestItem refused, IngestItem recorded) {
    twin(refused.patientId()).tell(new TwinCommand.IdConflict(refused, recorded));
  }

  /** Journals a binding in the twin (the registry table is written first); waits for the journal. */
  public void bind(String patientId, String deviceId, java.time.Instant from, String actor) {
    journal(patientId, r -> new TwinCommand.Bind(deviceId, from, actor, r));
  }

  public void unbind(String patientId, String deviceId, java.time.Instant at, String actor) {
    journal(patientId, r -> new TwinCommand.Unbind(deviceId, at, actor, r));
  }

  /** Journals a registry change in the twin; a patient without a twin (admitted outside the API) is skipped. */
  private void journal(String patientId, Function<ActorRef<StatusReply<TwinCommand.Summary>>, TwinCommand> command) {
    try {
      this.<TwinCommand.Summary>ask(patientId, command, Duration.ZERO).join();
    } catch (CompletionException e) {
      if (!(e.getCause() instanceof ApiException a) || a.status() != HttpStatus.NOT_FOUND) {
        throw e;
      }
    }
  }

  public void wake(String patientId) {
    twin(patientId).tell(new TwinCommand.Wake());
  }

  private static <T> T rethrow(Throwable t) {
    Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    if (cause instanceof TwinError e) {
      throw switch (e.kind()) {
        case NOT_FOUND -> ApiException.notFound(e.getMessage());
        case CONFLICT, NOT_YET -> ApiException.conflict(e.getMessage());
        case INVALID, UNSAFE -> ApiException.invalid(null, e.getMessage());
        case FAILED -> new ApiException(HttpStatus.INTERNAL_SERVER_ERROR, null, e.getMessage());
      };
    }
    if (cause instanceof java.util.concurrent.TimeoutException) {
      throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, null,
          "the patient's twin did not answer in time; it may be busy or recovering, retry");
    }
    if (cause instanceof RuntimeException r) {
      throw r;
    }
    throw new CompletionException(cause);
  }
}
