package org.icutwin.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FhirSettingsTest {

  /** The FHIR base stated to clients follows the HTTP port (--port) unless it is set, e.g. behind a proxy. */
  @Test
  void theFhirBaseFollowsTheServersPortUnlessSet() {
    try (ApplicationContext ctx = ApplicationContext.builder().properties(Map.of("micronaut.server.port", 18123))
        .build()) {
      ctx.getEnvironment().start();
      assertThat(ctx.getEnvironment().getProperty("icutwin.fhir.base-url", String.class))
          .contains("http://127.0.0.1:18123/fhir");
    }
    try (ApplicationContext ctx = ApplicationContext.builder().properties(Map.of("micronaut.server.port", 18123,
        "icutwin.fhir.base-url", "https://icu.example.org/fhir")).build()) {
      ctx.getEnvironment().start();
      assertThat(ctx.getEnvironment().getProperty("icutwin.fhir.base-url", String.class))
          .contains("https://icu.example.org/fhir");
    }
  }
}
