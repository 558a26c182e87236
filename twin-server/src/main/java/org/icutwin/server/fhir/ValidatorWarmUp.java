package org.icutwin.server.fhir;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import org.hl7.fhir.r4.model.Observation;
import org.icutwin.gateway.fhir.FhirValidation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the FHIR validator in the background once the server listens, so that the first posted
 * resource does not wait seconds for it. Off with {@code icutwin.fhir.warm-up=false} (the tests
 * that do not use FHIR) or when validation is off.
 */
@Singleton
@Requires(property = "icutwin.fhir.warm-up", notEquals = "false")
@Requires(property = "icutwin.fhir.validate", notEquals = "false")
class ValidatorWarmUp implements ApplicationEventListener<ServerStartupEvent> {

  private static final Logger LOG = LoggerFactory.getLogger(ValidatorWarmUp.class);

  private final Provider<FhirValidation> validation;

  ValidatorWarmUp(Provider<FhirValidation> validation) {
    this.validation = validation;
  }

  @Override
  public void onApplicationEvent(ServerStartupEvent event) {
    Thread t = new Thread(() -> {
      try {
        validation.get().validate(new Observation());
      } catch (RuntimeException e) {
        LOG.warn("FHIR validator warm-up failed; the first validated request will build it", e);
      }
    }, "fhir-validator-warm-up");
    t.setDaemon(true);
    t.start();
  }
}
