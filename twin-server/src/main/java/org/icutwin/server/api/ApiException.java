package org.icutwin.server.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import java.time.Instant;
import java.util.Optional;

/**
 * A refusal a service states for the API to return as problem+json: the status and a specific
 * detail (which patient, which field, which value, what was expected).
 */
public class ApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;
  private final HttpStatus status;
  private final String field;

  public ApiException(HttpStatus status, @Nullable String field, String detail) {
    super(detail);
    this.status = status;
    this.field = field;
  }

  /** 404: the named thing does not exist. */
  public static ApiException notFound(String detail) {
    return new ApiException(HttpStatus.NOT_FOUND, null, detail);
  }

  /** 409: the request contradicts the current state (duplicate id, overlapping binding). */
  public static ApiException conflict(String detail) {
    return new ApiException(HttpStatus.CONFLICT, null, detail);
  }

  /** 422: well-formed, but a field's value is not acceptable. */
  public static ApiException invalid(String field, String detail) {
    return new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, field, detail);
  }

  /**
   * Refuses (422 on {@code field}) a time more than the edge's skew allowance
   * ({@code Normaliser.DEFAULT_MAX_FUTURE_SKEW}, 2 min) ahead of the server's clock {@code now};
   * null passes.
   */
  public static void requireNotAhead(String field, @Nullable Instant t, Instant now) {
    java.time.Duration skew = org.icutwin.gateway.ingest.Normaliser.DEFAULT_MAX_FUTURE_SKEW;
    if (t != null && t.isAfter(now.plus(skew))) {
      throw invalid(field, field + " " + t + " is in the future (the server's clock reads " + now + "; at most "
          + skew.toSeconds() + " s ahead is allowed)");
    }
  }

  public HttpStatus status() {
    return status;
  }

  public Optional<String> field() {
    return Optional.ofNullable(field);
  }
}
