package org.icutwin.server.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.util.Optional;

/**
 * JWT settings. Without a configured secret the server generates one on first run and keeps it
 * in {@code {dataDir}/jwt-secret}, so tokens survive restarts.
 *
 * @param jwtSecret HS256 secret, at least 32 characters ({@code ICUTWIN_SECURITY_JWT_SECRET})
 * @param tokenIssuer {@code iss} claim of minted tokens
 */
@ConfigurationProperties("icutwin.security")
public record SecuritySettings(@Nullable String jwtSecret,
    @Bindable(defaultValue = "icutwin") String tokenIssuer) {

  public Optional<String> configuredSecret() {
    return jwtSecret == null || jwtSecret.isBlank() ? Optional.empty() : Optional.of(jwtSecret);
  }
}
