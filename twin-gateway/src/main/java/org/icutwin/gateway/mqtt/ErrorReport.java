package org.icutwin.gateway.mqtt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.icutwin.gateway.ingest.RejectReason;

/**
 * What the server publishes on {@code icutwin/v1/devices/{deviceId}/errors} when it refuses a
 * message (docs/schemas/error.schema.json).
 *
 * @param messageId the refused message's id when it could be read, else null
 * @param reason why, by name
 * @param detail which field or value, and what was expected
 * @param topic the topic the refused message came on
 * @param receivedAt when the server received it
 */
public record ErrorReport(String messageId, RejectReason reason, String detail, String topic, Instant receivedAt) {

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  public ErrorReport {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(receivedAt, "receivedAt");
  }

  /** The report as UTF-8 JSON (version 1). */
  public byte[] toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("version", 1);
    if (messageId != null) {
      m.put("messageId", messageId);
    }
    m.put("reason", reason.name());
    m.put("detail", detail);
    m.put("topic", topic);
    m.put("receivedAt", receivedAt.toString());
    try {
      return JSON.writeValueAsBytes(m);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a report written by {@link #toJson()} (for device-side tools and tests). */
  public static ErrorReport fromJson(byte[] json) {
    try {
      var n = JSON.readTree(json);
      var id = n.get("messageId");
      return new ErrorReport(id == null ? null : id.asText(), RejectReason.valueOf(n.get("reason").asText()),
          n.get("detail").asText(), n.get("topic").asText(), Instant.parse(n.get("receivedAt").asText()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
