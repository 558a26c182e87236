package org.icutwin.gateway.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.icutwin.gateway.ingest.RejectReason;
import org.icutwin.gateway.ingest.RejectedException;

/**
 * Typed reads of one JSON object's fields, each refusal naming the field and what was expected.
 * Missing or mistyped fields are {@link RejectReason#SCHEMA_VIOLATION}; numbers that are not finite
 * (JSON {@code NaN}/{@code Infinity} tokens, overflowing literals, or strings such as
 * {@code "NaN"}) are {@link RejectReason#NOT_FINITE}.
 */
final class JsonFields {

  private static final Set<String> NON_FINITE_WORDS = Set.of("nan", "+nan", "-nan", "inf", "+inf", "-inf",
      "infinity", "+infinity", "-infinity");

  private final JsonNode object;
  private final String what;

  private JsonFields(JsonNode object, String what) {
    this.object = object;
    this.what = what;
  }

  /** The fields of {@code node}, which must be a JSON object; {@code what} names it in refusals. */
  static JsonFields of(JsonNode node, String what) throws RejectedException {
    if (node == null || !node.isObject()) {
      throw violation(what + " must be a JSON object, was " + kind(node));
    }
    return new JsonFields(node, what);
  }

  /** Refuses any field not in {@code allowed}, so a misspelt optional field is never silently ignored. */
  JsonFields onlyFields(Set<String> allowed) throws RejectedException {
    for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw violation(what + " has an unknown field '" + name + "' (allowed: " + allowed.stream().sorted().toList()
            + ")");
      }
    }
    return this;
  }

  JsonNode required(String field) throws RejectedException {
    JsonNode n = object.get(field);
    if (n == null || n.isNull()) {
      throw violation(what + " field '" + field + "' is missing");
    }
    return n;
  }

  String text(String field) throws RejectedException {
    return asText(required(field), field);
  }

  Optional<String> optionalText(String field) throws RejectedException {
    JsonNode n = object.get(field);
    return n == null || n.isNull() ? Optional.empty() : Optional.of(asText(n, field));
  }

  boolean optionalBoolean(String field, boolean absent) throws RejectedException {
    JsonNode n = object.get(field);
    if (n == null || n.isNull()) {
      return absent;
    }
    if (!n.isBoolean()) {
      throw violation(what + " field '" + field + "' must be true or false, was " + kind(n));
    }
    return n.booleanValue();
  }

  /** A finite JSON number. */
  double finite(String field) throws RejectedException {
    JsonNode n = required(field);
    if (n.isTextual() && NON_FINITE_WORDS.contains(n.textValue().trim().toLowerCase(Locale.ROOT))) {
      throw new RejectedException(RejectReason.NOT_FINITE, what + " field '" + field + "' must be a finite number, was \""
          + n.textValue() + "\"");
    }
    if (!n.isNumber()) {
      throw violation(what + " field '" + field + "' must be a JSON number, was " + kind(n));
    }
    double v = n.doubleValue();
    if (!Double.isFinite(v)) {
      throw new RejectedException(RejectReason.NOT_FINITE, what + " field '" + field + "' must be a finite number, was "
          + (n.isFloatingPointNumber() && Double.isNaN(v) ? "NaN" : n.asText()));
    }
    return v;
  }

  /** An instant written as ISO-8601 date-time with a zone offset ({@code Z} or {@code +hh:mm}). */
  Instant instant(String field) throws RejectedException {
    String s = text(field);
    try {
      return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      throw violation(what + " field '" + field + "' must be an ISO-8601 date-time with an offset (e.g. "
          + "2026-11-22T10:00:00+01:00), was '" + s + "'");
    }
  }

  private String asText(JsonNode n, String field) throws RejectedException {
    if (!n.isTextual()) {
      throw violation(what + " field '" + field + "' must be a string, was " + kind(n));
    }
    return n.textValue();
  }

  static RejectedException violation(String detail) {
    return new RejectedException(RejectReason.SCHEMA_VIOLATION, detail);
  }

  static String kind(JsonNode n) {
    if (n == null || n.getNodeType() == JsonNodeType.MISSING) {
      return "nothing";
    }
    return switch (n.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case STRING -> "a string";
      case BOOLEAN -> "a boolean";
      case NUMBER -> "a number";
      case NULL -> "null";
      default -> n.getNodeType().name().toLowerCase(Locale.ROOT);
    };
  }
}
