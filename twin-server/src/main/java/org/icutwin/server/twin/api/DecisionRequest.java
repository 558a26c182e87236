package org.icutwin.server.twin.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * A clinician's decision on a proposal.
 *
 * @param decision {@code ACCEPT}, {@code MODIFY} or {@code REJECT}
 * @param value the modified rate or dose (MODIFY)
 * @param unit its UCUM unit (MODIFY), e.g. {@code [iU]/h}
 * @param reason required to reject and to exceed a soft limit
 */
@Serdeable
public record DecisionRequest(String decision, @Nullable Double value, @Nullable String unit,
    @Nullable String reason) {
}
