package org.icutwin.core.druglib;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An immutable, validated drug library: one {@link DrugLibraryEntry} per (drug, care area).
 *
 * <p>Build it with {@link DrugLibraryLoader}, which enforces the rules in docs/drug-library.md.
 */
public final class DrugLibrary {

    private final String version;
    private final String source;
    private final List<DrugLibraryEntry> entries;
    private final Map<String, DrugLibraryEntry> byId;

    DrugLibrary(String version, String source, List<DrugLibraryEntry> entries) {
        this.version = Objects.requireNonNull(version, "version");
        this.source = Objects.requireNonNull(source, "source");
        this.entries = List.copyOf(entries);
        Map<String, DrugLibraryEntry> index = new LinkedHashMap<>();
        for (DrugLibraryEntry entry : this.entries) {
            if (index.putIfAbsent(entry.id(), entry) != null) {
                throw new DrugLibraryException(entry.id(), null, "duplicate drug library entry " + entry.id());
            }
        }
        this.byId = Map.copyOf(index);
    }

    /** Loads and validates a library file, e.g. {@code configDir.resolve("drug-library.json")}. */
    public static DrugLibrary load(Path file) {
        return DrugLibraryLoader.load(file);
    }

    /** The library's version string, e.g. "2026-12-05.2". */
    public String version() {
        return version;
    }

    /** Where the library's numbers come from. */
    public String source() {
        return source;
    }

    /** All entries, in file order. */
    public List<DrugLibraryEntry> entries() {
        return entries;
    }

    /** The entry for a drug in a care area, if the library has one. */
    public Optional<DrugLibraryEntry> find(String drug, String careArea) {
        return Optional.ofNullable(byId.get(DrugLibraryEntry.id(drug, careArea)));
    }

    /**
     * The entry for a drug in a care area.
     *
     * @throws DrugLibraryException naming the missing drug and care area and listing the entries that exist
     */
    public DrugLibraryEntry entry(String drug, String careArea) {
        Objects.requireNonNull(drug, "drug");
        Objects.requireNonNull(careArea, "careArea");
        return find(drug, careArea).orElseThrow(() -> {
            List<String> careAreas = entries.stream().filter(e -> e.drug().equals(drug)).map(DrugLibraryEntry::careArea).toList();
            String hint = careAreas.isEmpty()
                    ? "drug '" + drug + "' is not in the library"
                    : "drug '" + drug + "' has entries only for care areas " + careAreas;
            return new DrugLibraryException(DrugLibraryEntry.id(drug, careArea), null,
                    "no drug library entry for drug '" + drug + "' in care area '" + careArea + "' (library "
                            + version + "): " + hint + "; entries: "
                            + entries.stream().map(DrugLibraryEntry::id).collect(Collectors.joining(", ")));
        });
    }
}
