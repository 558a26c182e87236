package org.icutwin.server.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A random secret kept in a file under the data directory: read if present, else created once,
 * owner-readable only, written to a temporary file and moved into place (so no process ever reads
 * a half-written or world-readable secret; of two racing creators the first wins).
 */
public final class SecretFile {

  private SecretFile() {
  }

  /** The secret in {@code file}, created with {@code randomBytes} random bytes (base64url) if missing. */
  public static String readOrCreate(Path file, int randomBytes) {
    try {
      if (!Files.exists(file)) {
        create(file, randomBytes);
      }
      return Files.readString(file, StandardCharsets.US_ASCII).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the secret " + file.toAbsolutePath(), e);
    }
  }

  private static void create(Path file, int randomBytes) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    byte[] random = new byte[randomBytes];
    new SecureRandom().nextBytes(random);
    String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
    try {
      restrict(tmp);
      Files.writeString(tmp, secret + "\n", StandardCharsets.US_ASCII);
      Files.move(tmp, file);
    } catch (FileAlreadyExistsException raced) {
      // Another process created it first: use theirs.
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void restrict(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // Windows: the data directory's ACL applies.
    }
  }
}
