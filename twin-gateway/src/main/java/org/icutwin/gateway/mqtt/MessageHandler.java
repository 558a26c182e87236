package org.icutwin.gateway.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.icutwin.gateway.ingest.AdministrationRecord;
import org.icutwin.gateway.ingest.DeadLetter;
import org.icutwin.gateway.ingest.DeadLetterStore;
import org.icutwin.gateway.ingest.FhirItemReader;
import org.icutwin.gateway.ingest.IngestItem;
import org.icutwin.gateway.ingest.IngestStore;
import org.icutwin.gateway.ingest.Normaliser;
import org.icutwin.gateway.ingest.ObservationRecord;
import org.icutwin.gateway.ingest.RawAdministration;
import org.icutwin.gateway.ingest.RawItem;
import org.icutwin.gateway.ingest.RawObservation;
import org.icutwin.gateway.ingest.RejectReason;
import org.icutwin.gateway.ingest.RejectedException;
import org.icutwin.gateway.ingest.Rejection;
import org.icutwin.gateway.ingest.Source;

/**
 * Handles device messages, protocol aside: topic and payload in, items durably recorded or the
 * refusal durably dead-lettered out. When {@link #handle} (one message) or {@link #handleAll} (a
 * batch, one store commit) returns, the messages may be acknowledged; when it throws
 * {@link StoreUnavailableException}, none of them may be.
 *
 * <p>A message is all or nothing: every item it carries (a FHIR Bundle may carry several) is
 * normalised before any is recorded, and one refused item refuses the message.
 */
public final class MessageHandler {

  /** Dead letters keep at most this many characters of the payload. */
  static final int MAX_DEAD_LETTER_PAYLOAD = 64 * 1024;

  /** What became of a message. */
  public sealed interface Result permits Recorded, Refused {
  }

  /** Every item recorded; {@code duplicates} of them were already there. */
  public record Recorded(int items, int duplicates) implements Result {
  }

  /**
   * The message was refused and dead-lettered; {@code report} goes to the device's error topic. For
   * {@link RejectReason#ID_CONFLICT} only the conflicting items were refused: a Bundle's other
   * items are recorded.
   */
  public record Refused(ErrorReport report, Optional<String> deviceId) implements Result {
  }

  private final DevicePayloadReader payloads = new DevicePayloadReader();
  private final Normaliser normaliser;
  private final FhirItemReader fhir;
  private final IngestStore store;
  private final DeadLetterStore deadLetters;
  private final IngestMetrics metrics;
  private final Clock clock;

  public MessageHandler(Normaliser normaliser, FhirItemReader fhir, IngestStore store, DeadLetterStore deadLetters,
      IngestMetrics metrics, Clock clock) {
    this.normaliser = Objects.requireNonNull(normaliser, "normaliser");
    this.fhir = Objects.requireNonNull(fhir, "fhir");
    this.store = Objects.requireNonNull(store, "store");
    this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** A message as it arrived: its topic and payload. */
  public record Message(String topic, byte[] payload) {
    public Message {
      Objects.requireNonNull(topic, "topic");
      Objects.requireNonNull(payload, "payload");
    }
  }

  /** Records or refuses the message that arrived on {@code topic}. */
  public Result handle(String topic, byte[] payload) throws StoreUnavailableException {
    return handleAll(List.of(new Message(topic, payload))).get(0);
  }

  /**
   * Records or refuses each message, with one store commit for the items of all the accepted ones
   * (group commit). Returns one result per message, in order. Each message is still judged alone: a
   * refused one is dead-lettered with its own reason and does not affect the others. When it throws
   * {@link StoreUnavailableException}, none of the messages may be acknowledged.
   */
  public List<Result> handleAll(List<Message> messages) throws StoreUnavailableException {
    Result[] results = new Result[messages.size()];
    List<IngestItem> batch = new ArrayList<>();
    int[] firstItem = new int[messages.size()];
    for (int m = 0; m < messages.size(); m++) {
      Message msg = messages.get(m);
      firstItem[m] = batch.size();
      Accepted accepted = prepare(msg.topic(), msg.payload());
      if (accepted.refused != null) {
        results[m] = accepted.refused;
      } else {
        batch.addAll(accepted.items);
      }
    }
    List<IngestStore.Outcome> outcomes;
    try {
      outcomes = batch.isEmpty() ? List.of() : store.recordAll(batch);
      if (outcomes.size() != batch.size()) {
        throw new IllegalStateException("ingest store returned " + outcomes.size() + " outcomes for " + batch.size()
            + " items");
      }
    } catch (RuntimeException e) {
      metrics.storeFailed(Source.MQTT);
      throw new StoreUnavailableException("ingest store failed to record " + batch.size() + " items of "
          + messages.size() + " messages (first from " + messages.get(0).topic() + ")", e);
    }
    for (int m = 0; m < messages.size(); m++) {
      if (results[m] != null) {
        continue;
      }
      int end = m + 1 < messages.size() ? firstItem[m + 1] : batch.size();
      int duplicates = 0;
      List<String> conflicts = new ArrayList<>();
      for (int i = firstItem[m]; i < end; i++) {
        switch (outcomes.get(i)) {
          case DUPLICATE -> {
            duplicates++;
            metrics.duplicate(Source.MQTT);
          }
          case CONFLICT -> conflicts.add(batch.get(i).messageId());
          case RECORDED -> metrics.accepted(Source.MQTT, quantity(batch.get(i)));
        }
      }
      results[m] = conflicts.isEmpty() ? new Recorded(end - firstItem[m], duplicates)
          : conflict(messages.get(m), conflicts, end - firstItem[m] - conflicts.size());
    }
    return List.of(results);
  }

  /**
   * A message with items whose ids were recorded before with other content: those items are not
   * recorded, the message is dead-lettered with {@link RejectReason#ID_CONFLICT} and the device
   * hears of it. Its other items (of a Bundle) stay recorded.
   */
  private Refused conflict(Message msg, List<String> ids, int others) throws StoreUnavailableException {
    return refuse(msg.topic(), msg.payload(), DeviceTopic.parse(msg.topic()), ids.get(0),
        Rejection.idConflict(ids, others, "message"), clock.instant());
  }

  /** A message read and normalised: its items, or its refusal (already dead-lettered). */
  private record Accepted(List<IngestItem> items, Refused refused) {
  }

  private Accepted prepare(String topic, byte[] payload) throws StoreUnavailableException {
    Instant receivedAt = clock.instant();
    Optional<DeviceTopic> where = DeviceTopic.parse(topic);
    Parsed parsed = new Parsed();
    try {
      DeviceTopic t = where.orElseThrow(() -> new RejectedException(RejectReason.SCHEMA_VIOLATION, "topic '" + topic
          + "' is not " + DeviceTopic.PREFIX + "{deviceId}/{observations|administrations|fhir}"));
      return new Accepted(normalise(read(t, payload, parsed), parsed), null);
    } catch (RejectedException e) {
      return new Accepted(null, refuse(topic, payload, where, parsed.messageId, e.rejection(), receivedAt));
    } catch (RuntimeException e) {
      // A parser or normaliser bug must not turn one message into an endless redelivery loop.
      RejectReason reason = where.map(DeviceTopic::channel).orElse(null) == Channel.FHIR
          ? RejectReason.INVALID_FHIR : RejectReason.SCHEMA_VIOLATION;
      return new Accepted(null, refuse(topic, payload, where, parsed.messageId,
          new Rejection(reason, "could not be read: " + e), receivedAt));
    }
  }

  /** What could be read of a payload before it was refused. */
  private static final class Parsed {
    String messageId;
  }

  private List<RawItem> read(DeviceTopic topic, byte[] payload, Parsed parsed) throws RejectedException {
    if (topic.channel() == Channel.FHIR) {
      String json = utf8(payload);
      List<RawItem> items = fhir.read(json, topic.deviceId(), Source.MQTT);
      if (items == null || items.isEmpty()) {
        throw new RejectedException(RejectReason.UNSUPPORTED_RESOURCE, "FHIR payload carried no observation or"
            + " administration");
      }
      for (RawItem item : items) {
        parsed.messageId = messageIdOf(item);
        String named = item instanceof RawObservation o ? o.deviceId() : ((RawAdministration) item).deviceId();
        if (named != null && !named.equals(topic.deviceId())) {
          throw new RejectedException(RejectReason.DEVICE_MISMATCH, "FHIR resource names device '" + named
              + "' but was published on the topic of device '" + topic.deviceId() + "'");
        }
      }
      return items.stream().map(i -> withDevice(i, topic.deviceId())).toList();
    }
    JsonNode root = payloads.tree(payload);
    parsed.messageId = DevicePayloadReader.messageIdOf(root).orElse(null);
    return List.of(payloads.read(topic, root));
  }

  /** Over MQTT the topic names the device; a FHIR resource that names none is the topic's device's. */
  private static RawItem withDevice(RawItem item, String deviceId) {
    if (item instanceof RawObservation o && o.deviceId() == null) {
      return new RawObservation(o.messageId(), deviceId, o.patientId(), o.codes(), o.value(), o.unit(), o.belowLoq(),
          o.effectiveTime(), o.source(), o.revision());
    }
    if (item instanceof RawAdministration a && a.deviceId() == null) {
      return new RawAdministration(a.messageId(), deviceId, a.patientId(), a.drug(), a.kind(), a.amount(), a.unit(),
          a.effectiveTime(), a.source(), a.basedOn(), a.revision());
    }
    return item;
  }

  private List<IngestItem> normalise(List<RawItem> raw, Parsed parsed) throws RejectedException {
    List<IngestItem> items = new ArrayList<>(raw.size());
    for (RawItem r : raw) {
      parsed.messageId = messageIdOf(r);
      items.add(r instanceof RawObservation o ? normaliser.observation(o)
          : normaliser.administration((RawAdministration) r));
    }
    return items;
  }

  private Refused refuse(String topic, byte[] payload, Optional<DeviceTopic> where, String messageId,
      Rejection rejection, Instant receivedAt) throws StoreUnavailableException {
    Optional<String> deviceId = where.map(DeviceTopic::deviceId);
    if (messageId != null && (messageId.isBlank() || messageId.length() > 128)) {
      messageId = null;
    }
    String text = new String(payload, StandardCharsets.UTF_8);
    if (text.length() > MAX_DEAD_LETTER_PAYLOAD) {
      text = text.substring(0, MAX_DEAD_LETTER_PAYLOAD);
    }
    DeadLetter letter = new DeadLetter(receivedAt, Source.MQTT, topic, deviceId.orElse(null), messageId, rejection,
        text);
    try {
      deadLetters.store(letter);
    } catch (RuntimeException e) {
      metrics.storeFailed(Source.MQTT);
      throw new StoreUnavailableException("dead-letter store failed for a message from " + topic, e);
    }
    metrics.rejected(Source.MQTT, rejection.reason());
    return new Refused(new ErrorReport(messageId, rejection.reason(), rejection.detail(), topic, receivedAt), deviceId);
  }

  private static String utf8(byte[] payload) throws RejectedException {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload)).toString();
    } catch (CharacterCodingException e) {
      throw new RejectedException(RejectReason.MALFORMED_JSON, "payload is not UTF-8");
    }
  }

  private static String messageIdOf(RawItem item) {
    return item instanceof RawObservation o ? o.messageId() : ((RawAdministration) item).messageId();
  }

  private static String quantity(IngestItem item) {
    return item instanceof ObservationRecord o ? o.quantity() : ((AdministrationRecord) item).drug();
  }
}
