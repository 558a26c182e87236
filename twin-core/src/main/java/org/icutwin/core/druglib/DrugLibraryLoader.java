package org.icutwin.core.druglib;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Loads {@code drug-library.json} with Jackson's tree model and validates it (docs/drug-library.md).
 *
 * <p>Every fault is a {@link DrugLibraryException} naming the source, the entry ({@code drug@careArea})
 * and the field path; a library either loads whole or not at all.
 */
public final class DrugLibraryLoader {

    /** The file name under the configuration directory. */
    public static final String DEFAULT_FILE_NAME = "drug-library.json";

    private static final Set<String> ROOT_FIELDS = Set.of("libraryVersion", "source", "entries");

    // Duplicate keys would let a later "hardMax" silently override an earlier one: refuse them.
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private DrugLibraryLoader() {
    }

    /** Loads {@value #DEFAULT_FILE_NAME} from a configuration directory the caller names (no working-directory guess). */
    public static DrugLibrary loadFromConfigDirectory(Path configDirectory) {
        return load(configDirectory.resolve(DEFAULT_FILE_NAME));
    }

    /** Loads a library file. */
    public static DrugLibrary load(Path file) {
        Objects.requireNonNull(file, "file");
        try (InputStream in = Files.newInputStream(file)) {
            return load(in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read drug library " + file, e);
        }
    }

    /** Loads a library from a stream; {@code sourceName} appears in every error message. */
    public static DrugLibrary load(InputStream in, String sourceName) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(sourceName, "sourceName");
        JsonNode root;
        try {
            root = MAPPER.readTree(in);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new DrugLibraryException(null, null,
                    "drug library '" + sourceName + "' is not valid JSON" + where + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read drug library " + sourceName, e);
        }
        if (root == null || root.isMissingNode()) {
            throw new DrugLibraryException(null, null, "drug library '" + sourceName + "' is empty");
        }
        return parse(new JsonFields(sourceName, null, "", root));
    }

    private static DrugLibrary parse(JsonFields root) {
        root.rejectUnknown(ROOT_FIELDS);
        String version = root.text("libraryVersion");
        String source = root.text("source");
        JsonNode array = root.required("entries");
        if (!array.isArray() || array.isEmpty()) {
            throw root.fail("entries", "'entries' must be a non-empty array");
        }
        List<DrugLibraryEntry> entries = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < array.size(); i++) {
            String path = "entries[" + i + "]";
            DrugLibraryEntry entry = EntryReader.read(new JsonFields(root.source(), path, path, array.get(i)));
            Integer previous = seen.putIfAbsent(entry.id(), i);
            if (previous != null) {
                throw new JsonFields(root.source(), entry.id(), path, array.get(i)).fail(path,
                        "duplicate entry " + entry.id() + " (first at entries[" + previous + "])");
            }
            entries.add(entry);
        }
        return new DrugLibrary(version, source, entries);
    }
}
