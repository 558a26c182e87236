package org.icutwin.server.user;

import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;

/** A user account as the API shows it (never the password or its hash). */
@Serdeable
public record UserView(String username, String displayName, List<String> roles, Instant createdAt, String createdBy) {
}
