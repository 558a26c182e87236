package org.icutwin.server.twin.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * A dose recorded by a clinician (given by hand, or a pump without a gateway).
 *
 * @param messageId the client's id for this record (de-duplication); generated when absent
 * @param drug drug library id
 * @param kind {@code rate} (from {@code time} on; 0 stops) or {@code bolus}
 * @param amount rate or amount
 * @param unit UCUM unit, e.g. {@code [iU]/h}, {@code mg}
 * @param time when it was given
 * @param basedOn the order or proposal it carries out, if any
 */
@Serdeable
public record DoseRequest(@Nullable String messageId, String drug, String kind, Double amount, String unit,
    Instant time, @Nullable String basedOn) {
}
