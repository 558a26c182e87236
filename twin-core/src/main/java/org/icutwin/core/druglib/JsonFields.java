package org.icutwin.core.druglib;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads typed fields from one JSON object and reports faults with source, entry and field path.
 *
 * <p>Strict on purpose: unknown fields are typos until proven otherwise, strings are not numbers,
 * and a missing required field is never replaced by a default.
 */
final class JsonFields {

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]*");

    private final String source;
    private final String entryId;
    private final String path;
    private final JsonNode node;

    JsonFields(String source, String entryId, String path, JsonNode node) {
        this.source = source;
        this.entryId = entryId;
        this.path = path;
        this.node = node;
        if (node == null || !node.isObject()) {
            throw fail(path, "must be a JSON object, found " + kind(node));
        }
    }

    String source() {
        return source;
    }

    JsonFields withEntryId(String id) {
        return new JsonFields(source, id, path, node);
    }

    String path(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    void rejectUnknown(Set<String> allowed) {
        List<String> unknown = new ArrayList<>();
        node.fieldNames().forEachRemaining(name -> {
            if (!allowed.contains(name)) {
                unknown.add(name);
            }
        });
        if (!unknown.isEmpty()) {
            throw fail(path(unknown.get(0)), "unknown field '" + unknown.get(0) + "' (allowed: " + allowed.stream().sorted().toList() + ")");
        }
    }

    boolean has(String field) {
        return node.has(field) && !node.get(field).isNull();
    }

    JsonNode required(String field) {
        if (!has(field)) {
            throw fail(path(field), "required field '" + field + "' is missing");
        }
        return node.get(field);
    }

    String text(String field) {
        JsonNode value = required(field);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw fail(path(field), "'" + field + "' must be a non-empty string, found " + kind(value));
        }
        return value.asText();
    }

    /** A lower-case id such as "insulin" or "adult-icu": ids are keys, so "Insulin " must not slip in. */
    String id(String field) {
        String value = text(field);
        if (!ID.matcher(value).matches()) {
            throw fail(path(field), "'" + field + "' value '" + value + "' must match " + ID.pattern());
        }
        return value;
    }

    JsonFields object(String field) {
        return new JsonFields(source, entryId, path(field), required(field));
    }

    double number(String field) {
        JsonNode value = required(field);
        if (!value.isNumber()) {
            throw fail(path(field), "'" + field + "' must be a number, found " + kind(value));
        }
        double v = value.doubleValue();
        if (!Double.isFinite(v)) {
            throw fail(path(field), "'" + field + "' must be finite, found " + value.asText());
        }
        return v;
    }

    OptionalDouble optionalNumber(String field) {
        return has(field) ? OptionalDouble.of(number(field)) : OptionalDouble.empty();
    }

    DrugLibraryException fail(String fieldPath, String message) {
        String where = (entryId == null ? "" : "entry " + entryId + ", ") + "field " + fieldPath;
        return new DrugLibraryException(entryId, fieldPath, "drug library '" + source + "': " + where + ": " + message);
    }

    private static String kind(JsonNode value) {
        return value == null || value.isMissingNode() ? "nothing" : value.getNodeType().name().toLowerCase() + " " + value;
    }
}
