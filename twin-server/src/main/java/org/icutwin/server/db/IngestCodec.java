package org.icutwin.server.db;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.icutwin.gateway.ingest.AdministrationRecord;
import org.icutwin.gateway.ingest.IngestItem;
import org.icutwin.gateway.ingest.ObservationRecord;

/**
 * The inbox's JSON form of an ingest item: the record's components with ISO-8601 instants; the
 * kind column says which record it is.
 */
final class IngestCodec {

  static final String OBSERVATION = "OBSERVATION";
  static final String ADMINISTRATION = "ADMINISTRATION";

  private static final ObjectMapper JSON = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private IngestCodec() {
  }

  static String kind(IngestItem item) {
    if (item instanceof ObservationRecord) {
      return OBSERVATION;
    }
    if (item instanceof AdministrationRecord) {
      return ADMINISTRATION;
    }
    throw new IllegalArgumentException("unknown ingest item type " + item.getClass().getName());
  }

  static String encode(IngestItem item) {
    try {
      return JSON.writeValueAsString(item);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot encode ingest item " + item.messageId() + ": " + e.getMessage(), e);
    }
  }

  static IngestItem decode(String kind, String json) {
    Class<? extends IngestItem> type = switch (kind) {
      case OBSERVATION -> ObservationRecord.class;
      case ADMINISTRATION -> AdministrationRecord.class;
      default -> throw new IllegalStateException("unknown ingest item kind in the inbox: " + kind);
    };
    try {
      return JSON.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable " + kind + " in the inbox: " + e.getOriginalMessage(), e);
    }
  }
}
