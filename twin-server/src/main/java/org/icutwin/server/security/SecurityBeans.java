package org.icutwin.server.security;

import com.nimbusds.jose.JWSAlgorithm;
import io.micronaut.context.annotation.Factory;
import io.micronaut.security.token.jwt.signature.SignatureConfiguration;
import io.micronaut.security.token.jwt.signature.secret.SecretSignature;
import io.micronaut.security.token.jwt.signature.secret.SecretSignatureConfiguration;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.icutwin.server.config.IcutwinSettings;
import org.icutwin.server.config.SecuritySettings;

/** The JWT key, the signature Micronaut checks bearer tokens with, and the token service. */
@Factory
class SecurityBeans {

  @Singleton
  JwtSecret jwtSecret(SecuritySettings security, IcutwinSettings settings) {
    return JwtSecret.resolve(security.configuredSecret(), settings.dataDir());
  }

  @Singleton
  @Named("icutwin")
  SignatureConfiguration signature(JwtSecret secret) {
    SecretSignatureConfiguration config = new SecretSignatureConfiguration("icutwin");
    config.setSecret(secret.value());
    config.setJwsAlgorithm(JWSAlgorithm.HS256);
    return new SecretSignature(config);
  }

  @Singleton
  TokenService tokenService(JwtSecret secret, SecuritySettings security) {
    return new TokenService(secret, security.tokenIssuer(), Clock.systemUTC());
  }
}
