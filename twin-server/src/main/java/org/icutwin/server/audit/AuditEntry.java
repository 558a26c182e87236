package org.icutwin.server.audit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One line of the audit log.
 *
 * @param id position in the log (increasing)
 * @param at when it happened
 * @param actor who did it (token subject, or {@code system})
 * @param roles the actor's roles at the time
 * @param action what was done, e.g. {@code device.bound} (see {@link AuditLog})
 * @param patientId the patient concerned, if any
 * @param details what exactly, as JSON values
 */
@Serdeable
public record AuditEntry(long id, Instant at, String actor, List<String> roles, String action,
    @Nullable String patientId, Map<String, Object> details) {
}
