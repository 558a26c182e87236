package org.icutwin.server.twin.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * A time to answer as of, and how long to wait for the data up to it.
 *
 * @param asOf the data time (default: the twin's newest data)
 * @param waitSeconds how long to wait for ingestion up to {@code asOf} (default 0)
 */
@Serdeable
public record AsOfRequest(@Nullable Instant asOf, @Nullable Double waitSeconds) {
}
