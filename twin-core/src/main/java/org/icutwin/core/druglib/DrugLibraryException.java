package org.icutwin.core.druglib;

import java.util.Optional;

/**
 * A drug library that cannot be loaded or an entry that does not exist, naming entry and field.
 *
 * <p>{@link #entryId()} is {@code drug@careArea} (or {@code entries[i]} when the drug id itself is
 * missing); {@link #fieldPath()} is a JSON path such as {@code entries[0].doseRate.softMax}.
 */
public final class DrugLibraryException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String entryId;
    private final String fieldPath;

    DrugLibraryException(String entryId, String fieldPath, String message) {
        super(message);
        this.entryId = entryId;
        this.fieldPath = fieldPath;
    }

    DrugLibraryException(String entryId, String fieldPath, String message, Throwable cause) {
        super(message, cause);
        this.entryId = entryId;
        this.fieldPath = fieldPath;
    }

    /** The entry at fault, as {@code drug@careArea}, when the problem is inside one entry. */
    public Optional<String> entryId() {
        return Optional.ofNullable(entryId);
    }

    /** The JSON path of the field at fault, when there is one. */
    public Optional<String> fieldPath() {
        return Optional.ofNullable(fieldPath);
    }
}
