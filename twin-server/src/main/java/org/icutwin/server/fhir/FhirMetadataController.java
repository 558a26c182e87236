package org.icutwin.server.fhir;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import java.time.Clock;
import java.time.Instant;
import org.icutwin.gateway.fhir.CapabilityStatementFactory;
import org.icutwin.gateway.fhir.OperationOutcomes;
import org.icutwin.gateway.fhir.ServerDescription;
import org.icutwin.server.config.FhirSettings;

/**
 * {@code GET /fhir/metadata}: the CapabilityStatement, built from {@link ServerDescription#icutwin}
 * (which lists exactly the routes of this package) and encoded once. Anonymous, as FHIR clients
 * expect: it describes the interface and holds no patient data.
 */
@Controller("/fhir/metadata")
@Produces(FhirHttp.FHIR_JSON)
public class FhirMetadataController {

  private final String statement;

  public FhirMetadataController(CapabilityStatementFactory factory, OperationOutcomes outcomes, FhirSettings settings,
      Clock clock) {
    Instant date = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    this.statement = outcomes.encode(factory.build(ServerDescription.icutwin(FhirVersion.SOFTWARE,
        settings.baseUrl(), date)));
  }

  @Get
  public HttpResponse<String> metadata() {
    return FhirHttp.ok(statement);
  }
}
