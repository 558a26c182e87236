package org.icutwin.server.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.nio.file.Path;

/**
 * Where the server keeps its state: the H2 database (unless PostgreSQL is configured) and the
 * generated JWT secret live under {@code dataDir}.
 *
 * @param dataDir data directory, {@code ./data} by default ({@code --data-dir})
 */
@ConfigurationProperties("icutwin")
public record IcutwinSettings(@Bindable(defaultValue = "./data") Path dataDir) {
}
