package org.icutwin.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import org.icutwin.server.ServerTestSupport;
import org.icutwin.server.security.JwtSecret;
import org.junit.jupiter.api.Test;

/** {@code icutwin token}: what it prints, where its key comes from, what it refuses. */
class TokenCommandTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return TokenCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void printsATokenSignedWithTheDataDirectorysSecretCreatingItOnFirstUse() throws Exception {
    Path dir = ServerTestSupport.newDataDir();
    Instant before = Instant.now().minusSeconds(1);
    assertThat(run("--sub", "alice", "--role", "CLINICIAN,admin", "--hours", "2", "--data-dir=" + dir)).isZero();

    Path secretFile = dir.resolve(JwtSecret.FILE_NAME);
    assertThat(secretFile).exists();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secretFile))).isEqualTo("rw-------");
    SignedJWT jwt = SignedJWT.parse(out.toString(StandardCharsets.UTF_8).strip());
    assertThat(jwt.verify(new MACVerifier(Files.readString(secretFile).strip().getBytes(StandardCharsets.UTF_8))))
        .isTrue();
    assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("alice");
    assertThat(jwt.getJWTClaimsSet().getStringListClaim("roles")).containsExactly("ADMIN", "CLINICIAN");
    Duration lifetime = Duration.between(before, jwt.getJWTClaimsSet().getExpirationTime().toInstant());
    assertThat(lifetime).isBetween(Duration.ofHours(2), Duration.ofHours(2).plusSeconds(5));
  }

  @Test
  void theSameDataDirectoryKeepsTheSameKey() throws Exception {
    Path dir = ServerTestSupport.newDataDir();
    assertThat(run("--sub", "a", "--role", "DEVICE", "--data-dir", dir.toString())).isZero();
    String first = Files.readString(dir.resolve(JwtSecret.FILE_NAME));
    assertThat(run("--sub", "b", "--role", "DEVICE", "--data-dir", dir.toString())).isZero();
    assertThat(Files.readString(dir.resolve(JwtSecret.FILE_NAME))).isEqualTo(first);
  }

  @Test
  void anUnknownRoleIsRefusedNamingTheValidOnes() {
    assertThat(run("--sub", "alice", "--role", "NURSE", "--data-dir", ServerTestSupport.newDataDir().toString()))
        .isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown role 'NURSE'")
        .contains("CLINICIAN, INTEGRATOR, DEVICE, ADMIN");
    assertThat(out.size()).isZero();
  }

  @Test
  void aSubjectIsRequiredAndTheLifetimeIsBounded() {
    String dir = ServerTestSupport.newDataDir().toString();
    assertThat(run("--role", "ADMIN", "--data-dir", dir)).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--sub is required");
    assertThat(run("--sub", "x", "--role", "ADMIN", "--hours", "10000", "--data-dir", dir)).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("lifetime");
  }
}
