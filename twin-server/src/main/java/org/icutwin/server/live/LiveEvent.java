package org.icutwin.server.live;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * A change to a twin, pushed to dashboards as a server-sent event. Small on purpose: it says what
 * changed; the client reads the details from the REST API.
 *
 * @param type {@code observation}, {@code dose}, {@code proposal}, {@code decision}, {@code expired},
 *     {@code alert}, {@code admitted}, {@code discharged}, {@code devices} or {@code estimate}
 * @param patientId the patient
 * @param recordedAt when the server recorded the change
 * @param dataTime the patient's data time after the change
 * @param ref the proposal, alert or message id the change concerns, if any
 * @param summary the change in a few words (e.g. {@code "MAP 64 mm[Hg]"}, {@code "proposal 0.06 ug/kg/min"})
 */
@Serdeable
public record LiveEvent(String type, String patientId, Instant recordedAt, @Nullable Instant dataTime,
    @Nullable String ref, @Nullable String summary) {
}
