package org.icutwin.gateway.fhir;

import java.util.Objects;

/**
 * What a FHIR endpoint answers: an HTTP status and a FHIR JSON body (a resource, a Bundle or an
 * OperationOutcome). Controllers copy both out unchanged with {@link #CONTENT_TYPE}.
 *
 * @param status HTTP status code
 * @param body encoded FHIR JSON
 */
public record FhirResponse(int status, String body) {

  /** The media type of every body. */
  public static final String CONTENT_TYPE = "application/fhir+json";

  public FhirResponse {
    Objects.requireNonNull(body, "body");
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("HTTP status out of range: " + status);
    }
  }

  public boolean successful() {
    return status >= 200 && status < 300;
  }
}
