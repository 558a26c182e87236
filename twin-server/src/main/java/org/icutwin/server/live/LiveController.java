package org.icutwin.server.live;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.sse.Event;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

/**
 * Live updates as server-sent events ({@code text/event-stream}): one {@code twin} event per
 * change ({@link LiveEvent}), and a comment every {@link #HEARTBEAT} so that proxies keep the
 * connection open and clients notice a dead one.
 */
@Controller("/api/v1/stream")
@Tag(name = "live")
class LiveController {

  static final Duration HEARTBEAT = Duration.ofSeconds(15);

  private final LiveUpdates live;

  LiveController(LiveUpdates live) {
    this.live = live;
  }

  @Operation(summary = "Server-sent events for every twin change, optionally for one patient")
  @Get(value = "{?patient}", produces = MediaType.TEXT_EVENT_STREAM)
  Publisher<Event<?>> stream(@Nullable @QueryValue String patient) {
    Flux<Event<?>> changes = live.events()
        .filter(e -> patient == null || patient.equals(e.patientId()))
        .onBackpressureLatest()
        .map(e -> Event.of(e).name("twin").id(e.patientId() + "@" + e.recordedAt().toEpochMilli()));
    Flux<Event<?>> heartbeat = Flux.interval(HEARTBEAT).map(i -> Event.of("").comment("heartbeat"));
    return Flux.merge(Flux.just(Event.of("").comment("connected")), changes, heartbeat);
  }
}
