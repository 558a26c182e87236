package org.icutwin.gateway.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import javax.sql.DataSource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationRequest.MedicationRequestIntent;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Subscription;
import org.icutwin.gateway.fhir.FhirR4;
import org.icutwin.gateway.fhir.FhirResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Durable rest-hook delivery against a real HTTP receiver on 127.0.0.1 and an H2 file database. */
class SubscriptionDeliveryTest {

  static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
  static final String PROPOSALS = "MedicationRequest?patient=p1&intent=proposal";

  @TempDir
  Path dir;
  final MutableClock clock = new MutableClock(T0);
  TestReceiver receiver;
  DataSource ds;
  Subs.Harness h;

  @BeforeEach
  void setUp() throws IOException {
    receiver = new TestReceiver();
    ds = TestDatabase.migrated(dir);
    h = new Subs.Harness(ds, clock, Subs.fast(), Subs.http());
  }

  @AfterEach
  void tearDown() {
    h.close();
    receiver.close();
    TestDatabase.shutdown(ds);
  }

  String subscribe(String criteria, String content) {
    FhirResponse r = h.service.create(Subs.json(Subs.subscription(receiver.endpoint(), criteria, content)));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return Subs.idOf(r);
  }

  void publishProposals(int from, int to) {
    for (int i = from; i <= to; i++) {
      assertThat(h.service.publish(Subs.proposal("prop-" + i, "p1", MedicationRequestIntent.PROPOSAL))).isEqualTo(1);
    }
  }

  static Parameters status(FhirResponse r) {
    Bundle b = FhirR4.context().newJsonParser().parseResource(Bundle.class, r.body());
    return (Parameters) b.getEntryFirstRep().getResource();
  }

  static String param(Parameters p, String name) {
    return p.getParameter(name).getValue().primitiveValue();
  }

  @Test
  void handshakeThenMatchingEventsInOrderWithFullResourcesAndTheSubscribersHeaders() {
    Subscription s = Subs.subscription(receiver.endpoint(), PROPOSALS, "full-resource");
    s.getChannel().addHeader("Authorization: Bearer t0k3n");
    String id = Subs.idOf(h.service.create(Subs.json(s)));

    publishProposals(1, 3);
    assertThat(h.service.publish(Subs.proposal("other-patient", "p2", MedicationRequestIntent.PROPOSAL))).isZero();
    assertThat(h.service.publish(Subs.proposal("an-order", "p1", MedicationRequestIntent.ORDER))).isZero();
    h.dispatcher.runOnce();
    h.dispatcher.runOnce();

    assertThat(receiver.types()).containsExactly("handshake", "event-notification");
    assertThat(receiver.eventNumbers()).containsExactly(1L, 2L, 3L);
    TestReceiver.Received n = receiver.received.get(1);
    assertThat(n.contentType()).isEqualTo("application/fhir+json");
    assertThat(n.authorization()).isEqualTo("Bearer t0k3n");
    assertThat(n.bundle().getType()).isEqualTo(Bundle.BundleType.HISTORY);
    assertThat(n.bundle().getEntry().subList(1, 4)).extracting(e -> ((MedicationRequest) e.getResource())
        .getIdElement().getIdPart()).containsExactly("prop-1", "prop-2", "prop-3");
    Parameters st = status(h.service.status(id));
    assertThat(param(st, "status")).isEqualTo("active");
    assertThat(param(st, "events-since-subscription-start")).isEqualTo("3");
    assertThat(param(st, "type")).isEqualTo("query-status");
  }

  @Test
  void idOnlyCarriesUrlsAndEmptyCarriesOnlyTheStatus() {
    subscribe(PROPOSALS, "id-only");
    clock.advance(Duration.ofSeconds(1));
    subscribe(PROPOSALS, "empty");
    h.dispatcher.runOnce();
    assertThat(h.service.publish(Subs.proposal("prop-1", "p1", MedicationRequestIntent.PROPOSAL))).isEqualTo(2);
    h.dispatcher.runOnce();

    List<TestReceiver.Received> events = receiver.received.stream()
        .filter(r -> r.type().equals("event-notification")).toList();
    assertThat(events).hasSize(2);
    Bundle idOnly = events.get(0).bundle();
    assertThat(idOnly.getEntry()).hasSize(2);
    assertThat(idOnly.getEntry().get(1).getFullUrl()).isEqualTo(Subs.BASE + "/MedicationRequest/prop-1");
    assertThat(idOnly.getEntry().get(1).hasResource()).isFalse();
    Bundle empty = events.get(1).bundle();
    assertThat(empty.getEntry()).hasSize(1);
    assertThat(events.get(1).eventNumbers()).containsExactly(1L);
  }

  /** Sends, then dies before the dispatcher can mark the events delivered (a crash mid-delivery). */
  static final class CrashAfterSend implements NotificationSender {
    final NotificationSender delegate = Subs.http();

    @Override
    public int post(URI endpoint, List<CanonicalSubscription.Header> headers, String body) throws IOException {
      delegate.post(endpoint, headers, body);
      throw new IllegalStateException("process killed after the send");
    }
  }

  @Test
  void aMinutesLongOutageAndARestartLoseNothingAndKeepNumbersContiguous() throws IOException {
    String id = subscribe(PROPOSALS, "full-resource");
    h.dispatcher.runOnce();
    publishProposals(1, 5);
    h.dispatcher.runOnce();
    assertThat(receiver.eventNumbers()).containsExactly(1L, 2L, 3L, 4L, 5L);

    receiver.down();
    publishProposals(6, 12);
    Instant outageStart = clock.instant();
    for (int step = 0; step < 14; step++) {
      h.dispatcher.runOnce();
      clock.advance(Duration.ofSeconds(30));
    }
    SubscriptionState during = h.state(id);
    assertThat(during.status()).as("7 minutes is far inside the horizon").isEqualTo(SubscriptionStatus.ACTIVE);
    assertThat(during.failingSince()).isEqualTo(outageStart);
    assertThat(during.attempts()).isGreaterThanOrEqualTo(5);
    assertThat(Duration.between(clock.instant(), during.nextAttempt())).isLessThanOrEqualTo(Duration.ofSeconds(60));
    assertThat(during.lastDelivered()).isEqualTo(5);

    receiver.up();
    clock.advance(Duration.ofSeconds(61));
    Subs.Harness dying = new Subs.Harness(ds, clock, Subs.fast(), new CrashAfterSend());
    try {
      dying.dispatcher.runOnce();
    } catch (IllegalStateException expected) {
      // the "process" died after events 6..10 reached the receiver but before they were marked
    }
    h.close();
    TestDatabase.shutdown(ds);

    ds = TestDatabase.open(dir);
    h = new Subs.Harness(ds, clock, Subs.fast(), Subs.http());
    assertThat(h.state(id).lastDelivered()).as("state survived the restart").isEqualTo(5);
    h.dispatcher.start();
    publishProposals(13, 15);
    await().atMost(Duration.ofSeconds(20)).until(() -> new TreeSet<>(receiver.eventNumbers()).size() == 15);

    List<Long> seen = receiver.eventNumbers();
    Set<Long> distinct = new TreeSet<>(seen);
    assertThat(distinct).containsExactlyElementsOf(LongStream.rangeClosed(1, 15).boxed().toList());
    List<Long> firstArrivals = seen.stream().distinct().toList();
    assertThat(firstArrivals).as("first arrivals are in number order").isSorted();
    Set<Long> repeated = seen.stream().filter(n -> seen.indexOf(n) != seen.lastIndexOf(n))
        .collect(Collectors.toSet());
    assertThat(repeated).as("exactly the batch in flight at the crash comes twice").containsExactlyInAnyOrder(6L, 7L,
        8L, 9L, 10L);
    await().atMost(Duration.ofSeconds(5)).until(() -> h.state(id).lastDelivered() == 15);
    assertThat(h.state(id).failingSince()).as("success resets the failure state").isNull();
    assertThat(h.state(id).attempts()).isZero();
  }

  @Test
  void failingPastTheHorizonPutsTheSubscriptionInErrorWithTheReasonAndReactivationRecovers() throws IOException {
    String id = subscribe(PROPOSALS, "full-resource");
    h.dispatcher.runOnce();
    receiver.down();
    publishProposals(1, 1);
    Instant firstFailure = clock.instant();
    while (clock.instant().isBefore(firstFailure.plus(Duration.ofHours(23).plusMinutes(50)))) {
      h.dispatcher.runOnce();
      clock.advance(Duration.ofMinutes(10));
    }
    assertThat(h.state(id).status()).as("no give-up before the horizon").isEqualTo(SubscriptionStatus.ACTIVE);

    clock.advance(Duration.ofMinutes(20));
    h.dispatcher.runOnce();

    SubscriptionState failed = h.state(id);
    assertThat(failed.status()).isEqualTo(SubscriptionStatus.ERROR);
    assertThat(failed.error()).contains("horizon PT24H", firstFailure.toString(), "event-notification");
    Subscription read = FhirR4.context().newJsonParser().parseResource(Subscription.class, h.service.read(id).body());
    assertThat(read.getStatus()).isEqualTo(Subscription.SubscriptionStatus.ERROR);
    assertThat(read.getError()).contains("horizon");
    assertThat(param(status(h.service.status(id)), "status")).isEqualTo("error");

    receiver.up();
    clock.advance(Duration.ofHours(1));
    h.dispatcher.runOnce();
    assertThat(receiver.eventNumbers()).as("nothing is sent while in error").isEmpty();

    h.service.reactivate(id);
    h.dispatcher.runOnce();
    h.dispatcher.runOnce();
    assertThat(receiver.types()).containsExactly("handshake", "handshake", "event-notification");
    assertThat(receiver.eventNumbers()).containsExactly(1L);
    assertThat(h.state(id).status()).isEqualTo(SubscriptionStatus.ACTIVE);
  }

  @Test
  void nonSuccessAnswersAreRetriedWithDoublingBackoff() {
    String id = subscribe(PROPOSALS, "id-only");
    h.dispatcher.runOnce();
    receiver.answer(503);
    publishProposals(1, 1);
    h.dispatcher.runOnce();
    assertThat(Duration.between(clock.instant(), h.state(id).nextAttempt())).isEqualTo(Duration.ofSeconds(1));
    clock.advance(Duration.ofSeconds(1));
    h.dispatcher.runOnce();
    assertThat(Duration.between(clock.instant(), h.state(id).nextAttempt())).isEqualTo(Duration.ofSeconds(2));
    h.dispatcher.runOnce();
    assertThat(h.state(id).attempts()).as("not due yet: no attempt").isEqualTo(2);

    receiver.answer(200);
    clock.advance(Duration.ofSeconds(2));
    h.dispatcher.runOnce();
    assertThat(receiver.eventNumbers()).containsExactly(1L);
    assertThat(h.state(id).attempts()).isZero();
  }

  @Test
  void aQuietChannelGetsHeartbeats() {
    h.service.create(Subs.json(Subs.withHeartbeat(Subs.subscription(receiver.endpoint(), PROPOSALS, "empty"), 60)));
    h.dispatcher.runOnce();
    clock.advance(Duration.ofSeconds(59));
    h.dispatcher.runOnce();
    assertThat(receiver.types()).containsExactly("handshake");

    clock.advance(Duration.ofSeconds(1));
    h.dispatcher.runOnce();
    assertThat(receiver.types()).containsExactly("handshake", "heartbeat");
  }

  @Test
  void eventsOperationReturnsTheAskedRange() {
    String id = subscribe(PROPOSALS, "full-resource");
    publishProposals(1, 5);

    FhirResponse r = h.service.events(id, 2L, 4L);

    assertThat(r.status()).isEqualTo(200);
    Bundle b = FhirR4.context().newJsonParser().parseResource(Bundle.class, r.body());
    Parameters p = (Parameters) b.getEntryFirstRep().getResource();
    assertThat(param(p, "type")).isEqualTo("query-event");
    assertThat(p.getParameter().stream().filter(x -> x.getName().equals("notification-event")).map(x ->
        x.getPart().get(0).getValue().primitiveValue()).toList()).containsExactly("2", "3", "4");
    assertThat(b.getEntry()).hasSize(4);
    assertThat(h.service.events(id, 4L, 2L).status()).isEqualTo(400);
    assertThat(h.service.events("nope", null, null).status()).isEqualTo(404);
  }

  @Test
  void concurrentEnqueuesGetContiguousNumbers() throws Exception {
    String id = subscribe(PROPOSALS, "id-only");
    EventOutbox outbox = new JdbcEventOutbox(ds);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<List<Long>>> futures = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      futures.add(pool.submit(() -> {
        List<Long> mine = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
          mine.add(outbox.enqueue(id, clock.instant(), "MedicationRequest", "x", "{}"));
        }
        return mine;
      }));
    }
    List<Long> all = new ArrayList<>();
    for (Future<List<Long>> f : futures) {
      all.addAll(f.get());
    }
    pool.shutdown();

    assertThat(new TreeSet<>(all)).containsExactlyElementsOf(LongStream.rangeClosed(1, 200).boxed().toList());
    assertThat(all).hasSize(200);
    assertThat(h.state(id).eventsSinceStart()).isEqualTo(200);
  }

  @Test
  void refusedSubscriptionsAreNotStoredAndUnknownIdsAre404() {
    FhirResponse r = h.service.create(Subs.json(Subs.subscription(receiver.endpoint(), "Patient?name=x", null)));
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.body()).contains("UNSUPPORTED_RESOURCE");
    assertThat(h.service.create("{not json").status()).isEqualTo(400);
    assertThat(h.store.all()).isEmpty();
    assertThat(h.service.read("missing").status()).isEqualTo(404);
    assertThat(h.service.delete("missing").status()).isEqualTo(404);
  }
}
