package org.icutwin.server.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Mints bearer tokens the server accepts: HS256 JWTs with {@code sub}, {@code roles}, {@code iss},
 * {@code iat}, {@code exp} and a unique {@code jti}. Used by the {@code token} command and by
 * demo mode; there is no login endpoint.
 */
public class TokenService {

  /** Longest lifetime a token may be given. */
  public static final Duration MAX_LIFETIME = Duration.ofDays(30);

  private final JwtSecret secret;
  private final String issuer;
  private final Clock clock;

  public TokenService(JwtSecret secret, String issuer, Clock clock) {
    this.secret = secret;
    this.issuer = issuer;
    this.clock = clock;
  }

  /**
   * A signed token for {@code subject} with {@code roles}, valid for {@code lifetime}.
   *
   * @throws IllegalArgumentException for a blank subject, no roles, or a lifetime outside (0, 30 days]
   */
  public String mint(String subject, Set<Role> roles, Duration lifetime) {
    if (subject == null || subject.isBlank()) {
      throw new IllegalArgumentException("token subject (--sub) must not be blank");
    }
    if (roles.isEmpty()) {
      throw new IllegalArgumentException("a token needs at least one role (--role)");
    }
    if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MAX_LIFETIME) > 0) {
      throw new IllegalArgumentException("token lifetime must be within (0, " + MAX_LIFETIME.toDays()
          + " days], was " + lifetime);
    }
    Instant now = clock.instant();
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .subject(subject.strip())
        .issuer(issuer)
        .issueTime(Date.from(now))
        .notBeforeTime(Date.from(now))
        .expirationTime(Date.from(now.plus(lifetime)))
        .jwtID(UUID.randomUUID().toString())
        .claim("roles", List.copyOf(roles.stream().map(Enum::name).sorted().toList()))
        .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    try {
      jwt.sign(new MACSigner(secret.bytes()));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign token: " + e.getMessage(), e);
    }
    return jwt.serialize();
  }
}
