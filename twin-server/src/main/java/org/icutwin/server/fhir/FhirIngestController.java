package org.icutwin.server.fhir;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import org.icutwin.gateway.fhir.FhirIngest;
import org.icutwin.server.config.FhirSettings;

/**
 * FHIR writes: an Observation, a MedicationAdministration, or a transaction/batch Bundle, read,
 * validated and normalised by {@link FhirIngest}, recorded into the inbox and handed to the
 * patient's twin. 201 when recorded, 200 for a re-post, 400/422 OperationOutcome when refused.
 */
@Controller("/fhir")
@ExecuteOn(TaskExecutors.BLOCKING)
@Consumes({FhirHttp.FHIR_JSON, "application/json"})
@Produces(FhirHttp.FHIR_JSON)
public class FhirIngestController {

  private final FhirIngest ingest;
  private final boolean validate;

  public FhirIngestController(FhirIngest ingest, FhirSettings settings) {
    this.ingest = ingest;
    this.validate = settings.validate();
  }

  @Post("/Observation")
  public HttpResponse<String> observation(@Body String json) {
    return FhirHttp.of(ingest.create("Observation", json, validate));
  }

  @Put("/Observation/{id}")
  public HttpResponse<String> observationUpdate(String id, @Body String json) {
    return FhirHttp.of(ingest.update("Observation", id, json, validate));
  }

  @Post("/MedicationAdministration")
  public HttpResponse<String> administration(@Body String json) {
    return FhirHttp.of(ingest.create("MedicationAdministration", json, validate));
  }

  @Post
  public HttpResponse<String> bundle(@Body String json) {
    return FhirHttp.of(ingest.bundle(json, validate));
  }
}
