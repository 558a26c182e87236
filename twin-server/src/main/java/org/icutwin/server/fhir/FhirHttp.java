package org.icutwin.server.fhir;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import org.icutwin.gateway.fhir.FhirResponse;

/** A gateway {@link FhirResponse} as the HTTP response, status and body unchanged, {@code application/fhir+json}. */
final class FhirHttp {

  static final String FHIR_JSON = FhirResponse.CONTENT_TYPE;
  static final MediaType FHIR_JSON_TYPE = MediaType.of(FHIR_JSON);

  private FhirHttp() {
  }

  static MutableHttpResponse<String> of(FhirResponse r) {
    return HttpResponse.<String>status(HttpStatus.valueOf(r.status())).body(r.body()).contentType(FHIR_JSON_TYPE);
  }

  static MutableHttpResponse<String> ok(String body) {
    return of(new FhirResponse(200, body));
  }
}
