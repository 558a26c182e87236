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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    List<Problem.FieldError> errors = specific.stream().map(ProblemErrorResponseProcessor::clean).toList();
    String detail = errors.isEmpty()
        ? defaultDetail(status)
        : errors.stream().map(e -> e.field() == null ? e.message() : e.field() + ": " + e.message())
            .collect(Collectors.joining("; "));
    Problem problem = new Problem("about:blank", title, status.getCode(), detail,
        context.getRequest().getPath(), errors);
    return response.body(problem).contentType(PROBLEM_JSON);
  }

  /** "Error decoding property [Instant asOf] of type [class org...AsOfRequest]: Text ..." (Micronaut's body binding). */
  private static final Pattern DECODING = Pattern.compile(
      "Error decoding property \\[(?:\\S+ )?(\\w+)\\] of type \\[class [\\w.$]+\\]:?\\s*(.*)", Pattern.DOTALL);

  /**
   * The error as a client should read it: the JSON property that could not be read, not the
   * server's body argument or class names, and no parser switches to flip.
   */
  static Problem.FieldError clean(Error e) {
    String field = e.getPath().orElse(null);
    String message = e.getMessage() == null ? "" : e.getMessage();
    Matcher m = DECODING.matcher(message);
    if (m.find()) { // after Micronaut's "Failed to convert argument [r] for value [null] due to: "
      field = m.group(1);
      String why = firstLine(m.group(2));
      message = field + " could not be read" + (why.isEmpty() ? "" : ": " + why);
    } else if (message.contains("ALLOW_NON_NUMERIC_NUMBERS")) {
      message = "NaN and Infinity are not JSON numbers: send a finite number";
    }
    message = firstLine(message).replaceAll("\\s*\\(through reference chain: [^)]*\\)", "")
        .replaceAll("class org\\.icutwin\\.[\\w.$]+", "the request").replaceAll("org\\.icutwin\\.[\\w.$]+", "the request");
    return new Problem.FieldError(field, message);
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).trim();
  }

  private static String defaultDetail(HttpStatus status) {
    return switch (status) {
      case UNAUTHORIZED -> "a bearer token is required (see docs/api.md: ./icutwin token)";
      case FORBIDDEN -> "the token's roles do not allow this request";
      default -> status.getReason();
    };
  }
}
