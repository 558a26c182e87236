package org.icutwin.server.security;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The HS256 key tokens are signed and checked with: the configured secret, else the one kept in
 * {@code {dataDir}/jwt-secret}, created (owner-readable only) on first use. At least 32 bytes, as
 * HS256 needs a key as long as its hash.
 */
public final class JwtSecret {

  /** File name under the data directory. */
  public static final String FILE_NAME = "jwt-secret";
  static final int MIN_LENGTH = 32;

  private final String value;

  private JwtSecret(String value) {
    if (value.getBytes(StandardCharsets.UTF_8).length < MIN_LENGTH) {
      throw new IllegalArgumentException(
          "icutwin.security.jwt-secret must be at least " + MIN_LENGTH + " bytes long, was " + value.length());
    }
    this.value = value;
  }

  /** The configured secret if there is one, else the data directory's (created if missing). */
  public static JwtSecret resolve(Optional<String> configured, Path dataDir) {
    return configured.map(JwtSecret::new).orElseGet(() -> fromFile(dataDir.resolve(FILE_NAME)));
  }

  static JwtSecret fromFile(Path file) {
    return new JwtSecret(SecretFile.readOrCreate(file, 48));
  }

  /** The key material as a string (Micronaut's secret signature uses its UTF-8 bytes). */
  public String value() {
    return value;
  }

  public byte[] bytes() {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "JwtSecret[****]";
  }
}
