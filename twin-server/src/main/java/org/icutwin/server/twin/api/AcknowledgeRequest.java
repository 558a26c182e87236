package org.icutwin.server.twin.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * Body of {@code POST /api/v1/patients/{id}/alerts/{aid}/acknowledge} (optional).
 *
 * @param note what was done about the alert, at most 1000 characters
 */
@Serdeable
public record AcknowledgeRequest(@Nullable String note) {
}
