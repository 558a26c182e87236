package org.icutwin.server.twin.api;

import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/** Declares that every item up to {@code through} has been sent for the patient. */
@Serdeable
public record BarrierRequest(Instant through) {
}
