package org.icutwin.server.fhir;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import java.util.List;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.icutwin.gateway.fhir.Issue;
import org.icutwin.gateway.fhir.OperationOutcomes;
import org.icutwin.server.api.Problem;

/**
 * Under {@code /fhir}, errors are OperationOutcomes: every error response that is not already
 * FHIR (the problem+json of 401/403, bad parameters, twin refusals, unknown ids) is rewritten to an
 * OperationOutcome with the same status and the problem's detail as diagnostics. Runs outside
 * the security filter so that it sees that filter's refusals too.
 */
@ServerFilter({"/fhir", "/fhir/**"})
public class FhirErrorFilter implements Ordered {

  private final OperationOutcomes outcomes;

  public FhirErrorFilter(OperationOutcomes outcomes) {
    this.outcomes = outcomes;
  }

  @Override
  public int getOrder() {
    return ServerFilterPhase.FIRST.order();
  }

  @ResponseFilter
  public void toOperationOutcome(HttpRequest<?> request, MutableHttpResponse<?> response) {
    int status = response.code();
    if (status < 400 || request.getMethod() == HttpMethod.HEAD) {
      return;
    }
    boolean fhir = response.getContentType().map(t -> t.getName().equals(FhirHttp.FHIR_JSON)).orElse(false);
    if (fhir) {
      return;
    }
    String detail = response.getBody(Problem.class).map(Problem::detail)
        .orElseGet(() -> response.getStatus().getReason());
    String body = outcomes.encode(outcomes.outcome(List.of(Issue.error(issueType(status), detail, null))));
    ((MutableHttpResponse<Object>) response).body(body).contentType(FhirHttp.FHIR_JSON_TYPE);
  }

  /** FHIR issue type for an HTTP error status. */
  static IssueType issueType(int status) {
    return switch (status) {
      case 400 -> IssueType.INVALID;
      case 401 -> IssueType.LOGIN;
      case 403 -> IssueType.FORBIDDEN;
      case 404, 410 -> IssueType.NOTFOUND;
      case 405, 406, 415 -> IssueType.NOTSUPPORTED;
      case 409 -> IssueType.CONFLICT;
      case 422 -> IssueType.PROCESSING;
      case 429 -> IssueType.THROTTLED;
      case 503, 504 -> IssueType.TRANSIENT;
      default -> IssueType.EXCEPTION;
    };
  }
}
