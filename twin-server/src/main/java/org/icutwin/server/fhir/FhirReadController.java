package org.icutwin.server.fhir;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import java.util.concurrent.CompletableFuture;
import org.icutwin.gateway.fhir.OperationOutcomes;

/** FHIR reads of what the twins produced: MedicationRequest, DetectedIssue, RiskAssessment. */
@Controller("/fhir")
@Produces(FhirHttp.FHIR_JSON)
public class FhirReadController {

  private final FhirSearch search;
  private final OperationOutcomes outcomes;

  public FhirReadController(FhirSearch search, OperationOutcomes outcomes) {
    this.search = search;
    this.outcomes = outcomes;
  }

  @Get("/MedicationRequest")
  public CompletableFuture<HttpResponse<String>> medicationRequests(@Nullable @QueryValue String patient,
      @Nullable @QueryValue String intent, @Nullable @QueryValue String status) {
    return search.medicationRequests(patient, intent, status).thenApply(b -> FhirHttp.ok(outcomes.encode(b)));
  }

  @Get("/MedicationRequest/{id}")
  public CompletableFuture<HttpResponse<String>> medicationRequest(@PathVariable String id) {
    return search.medicationRequest(id).thenApply(found -> found
        .<HttpResponse<String>>map(mr -> FhirHttp.ok(outcomes.encode(mr)))
        .orElseGet(() -> FhirHttp.of(outcomes.notFound("MedicationRequest", id))));
  }

  @Get("/DetectedIssue")
  public CompletableFuture<HttpResponse<String>> detectedIssues(@Nullable @QueryValue String patient) {
    return search.detectedIssues(patient).thenApply(b -> FhirHttp.ok(outcomes.encode(b)));
  }

  @Get("/RiskAssessment")
  public CompletableFuture<HttpResponse<String>> riskAssessments(@Nullable @QueryValue String patient) {
    return search.riskAssessments(patient).thenApply(b -> FhirHttp.ok(outcomes.encode(b)));
  }
}
