package org.icutwin.server.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * The FHIR endpoint under {@code /fhir} and its subscription delivery.
 *
 * @param baseUrl the FHIR base as clients reach it (CapabilityStatement, Bundle fullUrls,
 *     notifications); set it behind a proxy
 * @param validate whether posted resources are checked by the FHIR validator before they are read
 * @param connectTimeout connect timeout of a rest-hook delivery
 * @param requestTimeout whole-request timeout of a rest-hook delivery (sends are sequential: a
 *     slow endpoint delays the others by up to this)
 * @param pollInterval how often the subscription dispatcher looks for due work
 * @param initialBackoff wait after a first failed delivery; doubles per further failure
 */
@ConfigurationProperties("icutwin.fhir")
public record FhirSettings(
    @Bindable(defaultValue = "http://127.0.0.1:8080/fhir") String baseUrl,
    @Bindable(defaultValue = "true") boolean validate,
    @Bindable(defaultValue = "5s") Duration connectTimeout,
    @Bindable(defaultValue = "10s") Duration requestTimeout,
    @Bindable(defaultValue = "250ms") Duration pollInterval,
    @Bindable(defaultValue = "1s") Duration initialBackoff) {

  public FhirSettings {
    if (baseUrl.endsWith("/")) {
      baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
    }
  }
}
