package org.icutwin.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.icutwin.gateway.ingest.AdministrationRecord;
import org.icutwin.gateway.ingest.DeadLetter;
import org.icutwin.gateway.ingest.ObservationRecord;
import org.icutwin.gateway.ingest.RejectReason;
import org.icutwin.gateway.ingest.Source;
import org.icutwin.gateway.ingest.TestDirectories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** One message in, recorded or dead-lettered out, without a broker. */
class MessageHandlerTest {

  static final Instant NOW = Instant.now();
  final TestDirectories dirs = BadInputs.directories(new TestDirectories().admit("p1", "adult-icu", 80.0));
  final MemoryIngestStore store = new MemoryIngestStore();
  final MemoryDeadLetters deadLetters = new MemoryDeadLetters();
  final RecordingMetrics metrics = new RecordingMetrics();
  final FakeFhirReader fhir = new FakeFhirReader();
  final MessageHandler handler = new MessageHandler(Fixtures.normaliser(dirs, Clock.systemUTC()), fhir, store,
      deadLetters, metrics, Clock.fixed(NOW, ZoneOffset.UTC));

  static Stream<BadInputs.Case> badInputs() {
    return BadInputs.cases().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInputs")
  void eachBadInputIsRefusedWithItsReasonAndDeadLettered(BadInputs.Case c) throws Exception {
    MessageHandler.Result result = handler.handle(c.topic(), c.payload());
    assertThat(result).isInstanceOf(MessageHandler.Refused.class);
    ErrorReport report = ((MessageHandler.Refused) result).report();
    assertThat(report.reason()).as(report.detail()).isEqualTo(c.reason());
    assertThat(report.messageId()).isEqualTo(c.messageId());
    assertThat(report.topic()).isEqualTo(c.topic());
    assertThat(report.receivedAt()).isEqualTo(NOW);
    DeadLetter letter = deadLetters.letters.get(0);
    assertThat(letter.rejection().reason()).isEqualTo(c.reason());
    assertThat(letter.origin()).isEqualTo(c.topic());
    assertThat(letter.source()).isEqualTo(Source.MQTT);
    assertThat(letter.payload()).isEqualTo(new String(c.payload(), java.nio.charset.StandardCharsets.UTF_8));
    assertThat(store.size()).isZero();
    assertThat(metrics.count("rejected:" + c.reason())).isEqualTo(1);
  }

  @Test
  void schemaViolationsNameTheField() throws Exception {
    byte[] noUnit = Fixtures.bytes(Fixtures.glucose("m", "good-1", NOW, 6).without("unit"));
    var r = (MessageHandler.Refused) handler.handle(new DeviceTopic("good-1", Channel.OBSERVATIONS).topic(), noUnit);
    assertThat(r.report().detail()).contains("'unit'");
    byte[] typo = Fixtures.bytes(Fixtures.glucose("m", "good-1", NOW, 6).put("valu", 1));
    r = (MessageHandler.Refused) handler.handle(new DeviceTopic("good-1", Channel.OBSERVATIONS).topic(), typo);
    assertThat(r.report().detail()).contains("'valu'");
  }

  @Test
  void anObservationIsRecordedOnceAndItsRedeliveryIsADuplicate() throws Exception {
    String topic = new DeviceTopic("good-1", Channel.OBSERVATIONS).topic();
    var payload = Fixtures.glucose("m1", "good-1", NOW.minusSeconds(5), 100.0).put("unit", "mg/dL");
    payload.putArray("code").addObject().put("system", "urn:iso:std:iso:11073:10101").put("code", "999999");
    ((com.fasterxml.jackson.databind.node.ArrayNode) payload.get("code")).addObject().put("system", "http://loinc.org")
        .put("code", "2339-0").put("display", "Glucose");
    assertThat(handler.handle(topic, Fixtures.bytes(payload))).isEqualTo(new MessageHandler.Recorded(1, 0));
    assertThat(handler.handle(topic, Fixtures.bytes(payload))).isEqualTo(new MessageHandler.Recorded(1, 1));
    ObservationRecord r = (ObservationRecord) store.get("m1");
    assertThat(r.value()).isCloseTo(5.55, org.assertj.core.data.Offset.offset(0.01));
    assertThat(r.unit()).isEqualTo("mmol/L");
    assertThat(r.deviceId()).isEqualTo("good-1");
    assertThat(r.source()).isEqualTo(Source.MQTT);
    assertThat(metrics.count("accepted:MQTT:glucose")).isEqualTo(1);
    assertThat(metrics.count("duplicate")).isEqualTo(1);
  }

  @Test
  void aReusedIdWithOtherContentIsRefusedAsAConflictAndTheFirstItemStays() throws Exception {
    String topic = new DeviceTopic("good-1", Channel.OBSERVATIONS).topic();
    byte[] first = Fixtures.bytes(Fixtures.glucose("c1", "good-1", NOW.minusSeconds(600), 6.0));
    assertThat(handler.handle(topic, first)).isEqualTo(new MessageHandler.Recorded(1, 0));
    // the device restarted and its counter began again: a later, lower reading under the same id
    byte[] reset = Fixtures.bytes(Fixtures.glucose("c1", "good-1", NOW.minusSeconds(5), 3.1));
    var refused = (MessageHandler.Refused) handler.handle(topic, reset);
    assertThat(refused.report().reason()).isEqualTo(RejectReason.ID_CONFLICT);
    assertThat(refused.report().messageId()).isEqualTo("c1");
    assertThat(refused.report().detail()).contains("c1").contains("different content").contains("new id");
    assertThat(refused.deviceId()).contains("good-1");
    assertThat(((ObservationRecord) store.get("c1")).value()).isEqualTo(6.0);
    assertThat(deadLetters.letters).singleElement().satisfies(l -> {
      assertThat(l.rejection().reason()).isEqualTo(RejectReason.ID_CONFLICT);
      assertThat(l.payload()).isEqualTo(new String(reset, java.nio.charset.StandardCharsets.UTF_8));
    });
    assertThat(metrics.count("rejected:" + RejectReason.ID_CONFLICT)).isEqualTo(1);
    assertThat(metrics.count("duplicate")).isZero();
    // in a batch the conflict is that message's alone
    List<MessageHandler.Result> batch = handler.handleAll(List.of(obs("good-1", reset), obs("good-1", good("c2")),
        obs("good-1", first)));
    assertThat(((MessageHandler.Refused) batch.get(0)).report().reason()).isEqualTo(RejectReason.ID_CONFLICT);
    assertThat(batch.get(1)).isEqualTo(new MessageHandler.Recorded(1, 0));
    assertThat(batch.get(2)).isEqualTo(new MessageHandler.Recorded(1, 1));
  }

  @Test
  void aPumpStopIsARateOfZero() throws Exception {
    String topic = new DeviceTopic("good-1", Channel.ADMINISTRATIONS).topic();
    var stop = Fixtures.insulinRate("s1", "good-1", NOW.minusSeconds(5), 0.0).put("basedOn", "proposal-7");
    assertThat(handler.handle(topic, Fixtures.bytes(stop))).isInstanceOf(MessageHandler.Recorded.class);
    AdministrationRecord a = (AdministrationRecord) store.get("s1");
    assertThat(a.kind()).isEqualTo(AdministrationRecord.Kind.RATE);
    assertThat(a.amount()).isZero();
    assertThat(a.basedOn()).isEqualTo("proposal-7");
    assertThat(metrics.count("accepted:MQTT:insulin")).isEqualTo(1);
  }

  @Test
  void aFhirPayloadIsReadWithTheTopicsDeviceAndRecorded() throws Exception {
    String topic = new DeviceTopic("good-1", Channel.FHIR).topic();
    handler.handle(topic, FakeFhirReader.observation("f1", null, NOW.minusSeconds(5), 6.0));
    assertThat(fhir.lastDeviceId).isEqualTo("good-1");
    assertThat(fhir.lastSource).isEqualTo(Source.MQTT);
    assertThat(((ObservationRecord) store.get("f1")).deviceId()).isEqualTo("good-1");

    // A correction keeps what it is when it takes the topic's device.
    handler.handle(topic, FakeFhirReader.observation("f1", null, NOW.minusSeconds(5), 5.5, "corrected"));
    ObservationRecord fix = store.values().stream().filter(i -> i instanceof ObservationRecord o && "f1".equals(o.revises()))
        .map(ObservationRecord.class::cast).findFirst().orElseThrow();
    assertThat(fix.revision()).isEqualTo(org.icutwin.gateway.ingest.Revision.CORRECTION);
    assertThat(fix.deviceId()).isEqualTo("good-1");
    assertThat(fix.value()).isEqualTo(5.5);
  }

  @Test
  void aFhirReaderBugIsDeadLetteredAsInvalidFhirInsteadOfLoopingForever() throws Exception {
    MessageHandler h = new MessageHandler(Fixtures.normaliser(dirs, Clock.systemUTC()), (json, device, source) -> {
      throw new IllegalStateException("reader bug (test)");
    }, store, deadLetters, metrics, Clock.systemUTC());
    var r = (MessageHandler.Refused) h.handle(new DeviceTopic("good-1", Channel.FHIR).topic(), "{}".getBytes());
    assertThat(r.report().reason()).isEqualTo(RejectReason.INVALID_FHIR);
    assertThat(deadLetters.letters).hasSize(1);
  }

  static MessageHandler.Message obs(String device, byte[] payload) {
    return new MessageHandler.Message(new DeviceTopic(device, Channel.OBSERVATIONS).topic(), payload);
  }

  static byte[] good(String id) {
    return Fixtures.bytes(Fixtures.glucose(id, "good-1", NOW.minusSeconds(5), 6));
  }

  @Test
  void aBatchIsJudgedMessageByMessageAndItsAcceptedItemsGoToTheStoreInOneCall() throws Exception {
    handler.handle(obs("good-1", good("old")).topic(), good("old"));
    List<MessageHandler.Result> results = handler.handleAll(List.of(
        obs("good-1", good("n1")),
        obs("good-1", "[1, 2".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
        obs("good-1", good("old")),
        obs("good-1", Fixtures.bytes(Fixtures.glucose("mm", "good-1", NOW.minusSeconds(5), 6).put("unit", "mm[Hg]"))),
        obs("good-1", good("n2"))));
    assertThat(results).hasSize(5);
    assertThat(results.get(0)).isEqualTo(new MessageHandler.Recorded(1, 0));
    assertThat(((MessageHandler.Refused) results.get(1)).report().reason()).isEqualTo(RejectReason.MALFORMED_JSON);
    assertThat(results.get(2)).isEqualTo(new MessageHandler.Recorded(1, 1));
    var wrongUnit = (MessageHandler.Refused) results.get(3);
    assertThat(wrongUnit.report().reason()).isEqualTo(RejectReason.WRONG_UNIT);
    assertThat(wrongUnit.report().messageId()).isEqualTo("mm");
    assertThat(results.get(4)).isEqualTo(new MessageHandler.Recorded(1, 0));
    assertThat(store.batches()).as("the single message, then the batch's three accepted items in one call")
        .containsExactly(1, 3);
    assertThat(store.order()).containsExactly("old", "n1", "n2");
    assertThat(deadLetters.letters).extracting(l -> l.rejection().reason())
        .containsExactly(RejectReason.MALFORMED_JSON, RejectReason.WRONG_UNIT);
  }

  @Test
  void whenABatchCannotBeCommittedNothingOfItIsRecordedAndTheCallThrows() {
    store.failNext(1);
    assertThatThrownBy(() -> handler.handleAll(List.of(obs("good-1", good("f1")),
        obs("good-1", "nope".getBytes(java.nio.charset.StandardCharsets.UTF_8)), obs("good-1", good("f2")))))
        .isInstanceOf(StoreUnavailableException.class);
    assertThat(store.size()).isZero();
    assertThat(metrics.count("storeFailed")).isEqualTo(1);
    assertThat(metrics.count("accepted:MQTT:glucose")).isZero();
  }

  @Test
  void aStoreFailureThrowsSoTheMessageIsNotAcknowledged() {
    store.failNext(1);
    byte[] good = Fixtures.bytes(Fixtures.glucose("m1", "good-1", NOW.minusSeconds(5), 6));
    assertThatThrownBy(() -> handler.handle(new DeviceTopic("good-1", Channel.OBSERVATIONS).topic(), good))
        .isInstanceOf(StoreUnavailableException.class);
    assertThat(deadLetters.letters).isEmpty();
    assertThat(metrics.count("storeFailed")).isEqualTo(1);
  }

  @Test
  void topicsParseOnlyInTheV1Scheme() {
    assertThat(DeviceTopic.parse("icutwin/v1/devices/cgm-7/observations"))
        .contains(new DeviceTopic("cgm-7", Channel.OBSERVATIONS));
    assertThat(DeviceTopic.parse("icutwin/v1/devices/cgm-7/errors")).isEmpty();
    assertThat(DeviceTopic.parse("icutwin/v2/devices/cgm-7/observations")).isEmpty();
    assertThat(DeviceTopic.parse("icutwin/v1/devices/a/b/observations")).isEmpty();
    assertThat(DeviceTopic.ingestFilters(java.util.Optional.empty())).containsExactly(
        "icutwin/v1/devices/+/observations", "icutwin/v1/devices/+/administrations", "icutwin/v1/devices/+/fhir");
    assertThat(List.of(Channel.values())).hasSize(3);
  }
}
