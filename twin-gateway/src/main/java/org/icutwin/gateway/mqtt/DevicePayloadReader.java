package org.icutwin.gateway.mqtt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.icutwin.gateway.ingest.AdministrationRecord;
import org.icutwin.gateway.ingest.CodeRef;
import org.icutwin.gateway.ingest.RawAdministration;
import org.icutwin.gateway.ingest.RawItem;
import org.icutwin.gateway.ingest.RawObservation;
import org.icutwin.gateway.ingest.RejectReason;
import org.icutwin.gateway.ingest.RejectedException;
import org.icutwin.gateway.ingest.Source;

/**
 * Reads icutwin device JSON (payload version 1, docs/schemas) into raw items with Jackson, refusing
 * each malformed, missing, mistyped or unknown field with its specific reason. Checks only the
 * shape and the topic's device; codes, units, ranges, bindings and times are the
 * {@link org.icutwin.gateway.ingest.Normaliser}'s.
 */
public final class DevicePayloadReader {

  /** The payload version this reader understands. */
  public static final int VERSION = 1;

  private static final Set<String> OBSERVATION_FIELDS = Set.of("version", "messageId", "deviceId", "effectiveTime",
      "code", "value", "unit", "belowLoq");
  private static final Set<String> ADMINISTRATION_FIELDS = Set.of("version", "messageId", "deviceId", "effectiveTime",
      "drug", "kind", "amount", "unit", "basedOn");
  private static final Set<String> CODING_FIELDS = Set.of("system", "code", "display");

  private final ObjectMapper mapper = JsonMapper.builder()
      // Device stacks that print doubles naively emit bare NaN/Infinity: read them so they are refused as NOT_FINITE.
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      // {"value":1,"value":"NaN"} has no single meaning.
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  /** The JSON tree of {@code payload}, which must be one JSON object. */
  public JsonNode tree(byte[] payload) throws RejectedException {
    JsonNode root;
    try {
      root = mapper.readTree(payload);
    } catch (JsonProcessingException e) {
      throw new RejectedException(RejectReason.MALFORMED_JSON, "payload is not valid JSON: "
          + e.getOriginalMessage());
    } catch (IOException e) {
      throw new RejectedException(RejectReason.MALFORMED_JSON, "payload could not be read: " + e.getMessage());
    }
    if (root == null || root.isMissingNode() || !root.isObject()) {
      throw new RejectedException(RejectReason.MALFORMED_JSON, "payload must be one JSON object, was "
          + JsonFields.kind(root));
    }
    return root;
  }

  /** The {@code messageId} of a payload when it is readable, for error reports on refused messages. */
  public static Optional<String> messageIdOf(JsonNode root) {
    JsonNode id = root == null ? null : root.get("messageId");
    if (id == null || !id.isTextual() || id.textValue().isBlank()) {
      return Optional.empty();
    }
    String s = id.textValue();
    return Optional.of(s.length() > 128 ? s.substring(0, 128) : s);
  }

  /** One item read from {@code root}, published on {@code topic}. */
  public RawItem read(DeviceTopic topic, JsonNode root) throws RejectedException {
    return switch (topic.channel()) {
      case OBSERVATIONS -> observation(topic.deviceId(), root);
      case ADMINISTRATIONS -> administration(topic.deviceId(), root);
      case FHIR -> throw new IllegalArgumentException("FHIR payloads are read by the FhirItemReader");
    };
  }

  RawObservation observation(String topicDevice, JsonNode root) throws RejectedException {
    JsonFields f = header(root, "observation", topicDevice, OBSERVATION_FIELDS);
    String messageId = f.text("messageId");
    List<CodeRef> codes = codes(f.required("code"));
    return new RawObservation(messageId, topicDevice, null, codes, f.finite("value"), f.text("unit"),
        f.optionalBoolean("belowLoq", false), f.instant("effectiveTime"), Source.MQTT);
  }

  RawAdministration administration(String topicDevice, JsonNode root) throws RejectedException {
    JsonFields f = header(root, "administration", topicDevice, ADMINISTRATION_FIELDS);
    String messageId = f.text("messageId");
    String kindText = f.text("kind");
    AdministrationRecord.Kind kind = switch (kindText) {
      case "rate" -> AdministrationRecord.Kind.RATE;
      case "bolus" -> AdministrationRecord.Kind.BOLUS;
      default -> throw JsonFields.violation("administration field 'kind' must be \"rate\" or \"bolus\", was '"
          + kindText + "'");
    };
    return new RawAdministration(messageId, topicDevice, null, f.text("drug"), kind, f.finite("amount"),
        f.text("unit"), f.instant("effectiveTime"), Source.MQTT, f.optionalText("basedOn").orElse(null));
  }

  /** Version first (a later version may differ in every other field), then fields and the device. */
  private static JsonFields header(JsonNode root, String what, String topicDevice, Set<String> fields)
      throws RejectedException {
    JsonFields f = JsonFields.of(root, what);
    JsonNode version = f.required("version");
    if (!version.isNumber()) {
      throw JsonFields.violation(what + " field 'version' must be a number, was " + JsonFields.kind(version));
    }
    if (version.doubleValue() != VERSION) {
      throw new RejectedException(RejectReason.UNSUPPORTED_VERSION, what + " version " + version.asText()
          + " is not supported; this server reads version " + VERSION);
    }
    f.onlyFields(fields);
    String deviceId = f.text("deviceId");
    if (!DeviceTopic.DEVICE_ID.matcher(deviceId).matches()) {
      throw JsonFields.violation(what + " field 'deviceId' must match " + DeviceTopic.DEVICE_ID + ", was '"
          + deviceId + "'");
    }
    if (!deviceId.equals(topicDevice)) {
      throw new RejectedException(RejectReason.DEVICE_MISMATCH, what + " names device '" + deviceId
          + "' but was published on the topic of device '" + topicDevice + "'");
    }
    return f;
  }

  /** One coding {@code {system, code}} or a non-empty list of them. */
  private static List<CodeRef> codes(JsonNode node) throws RejectedException {
    List<JsonNode> codings = new ArrayList<>();
    if (node.isArray()) {
      if (node.isEmpty()) {
        throw JsonFields.violation("observation field 'code' must not be an empty list");
      }
      node.forEach(codings::add);
    } else {
      codings.add(node);
    }
    List<CodeRef> codes = new ArrayList<>();
    for (int i = 0; i < codings.size(); i++) {
      String name = node.isArray() ? "observation field 'code[" + i + "]'" : "observation field 'code'";
      JsonFields c = JsonFields.of(codings.get(i), name).onlyFields(CODING_FIELDS);
      String system = c.text("system");
      String code = c.text("code");
      c.optionalText("display");
      if (system.isBlank() || code.isBlank()) {
        throw JsonFields.violation(name + " needs a non-empty system and code");
      }
      codes.add(new CodeRef(system, code));
    }
    return List.copyOf(codes);
  }
}
