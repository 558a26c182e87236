package org.icutwin.server.device;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * A device's stay at a patient: from {@code from} (inclusive) to {@code to} (exclusive, null while
 * bound).
 *
 * @param bindingId id
 * @param deviceId device
 * @param patientId patient
 * @param from start
 * @param to end, or null while bound
 * @param boundBy who bound it
 * @param unboundBy who unbound it, or null
 */
@Serdeable
public record BindingView(long bindingId, String deviceId, String patientId, Instant from, @Nullable Instant to,
    String boundBy, @Nullable String unboundBy) {
}
