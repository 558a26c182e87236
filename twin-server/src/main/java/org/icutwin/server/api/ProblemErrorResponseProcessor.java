package org.icutwin.server.api;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.http.server.exceptions.response.HateoasErrorResponseProcessor;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes every error response of the server (bad input, unknown route, 401/403, our own
 * {@link ApiException}s) as RFC 9457 problem+json instead of Micronaut's default error body.
 */
@Singleton
@Replaces(HateoasErrorResponseProcessor.class)
public class ProblemErrorResponseProcessor implements ErrorResponseProcessor<Problem> {

  static final MediaType PROBLEM_JSON = MediaType.of(Problem.MEDIA_TYPE);

  @Override
  public MutableHttpResponse<Problem> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
    if (context.getRequest().getMethod() == HttpMethod.HEAD) {
      return (MutableHttpResponse<Problem>) response;
    }
    HttpStatus status = response.status();
    String title = status.getReason();
    // Micronaut Security reports 401/403 with the bare reason phrase: say what to do instead.
    List<Error> specific = context.getErrors().stream()
        .filter(e -> e.getPath().isPresent() || !e.getMessage().equalsIgnoreCase(title))
        .toList();
    List<Problem.FieldError> errors = specific.stream()
        .map(e -> new Problem.FieldError(e.getPath().orElse(null), e.getMessage()))
        .toList();
    String detail = errors.isEmpty()
        ? defaultDetail(status)
        : specific.stream().map(ProblemErrorResponseProcessor::describe).collect(Collectors.joining("; "));
    Problem problem = new Problem("about:blank", title, status.getCode(), detail,
        context.getRequest().getPath(), errors);
    return response.body(problem).contentType(PROBLEM_JSON);
  }

  private static String describe(Error error) {
    return error.getPath().map(p -> p + ": " + error.getMessage()).orElse(error.getMessage());
  }

  private static String defaultDetail(HttpStatus status) {
    return switch (status) {
      case UNAUTHORIZED -> "a bearer token is required (see docs/api.md: ./icutwin token)";
      case FORBIDDEN -> "the token's roles do not allow this request";
      default -> status.getReason();
    };
  }
}
