package org.icutwin.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * An error response body as RFC 9457 defines it ({@code application/problem+json}), with the
 * individual errors (and the field each names, when it names one) as an extension member.
 *
 * @param type problem type URI ({@code about:blank}: the status says it all)
 * @param title short summary of the status
 * @param status HTTP status code
 * @param detail what went wrong in this request, specifically
 * @param instance the request path
 * @param errors each error with the field it concerns
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, @Nullable String instance,
    List<FieldError> errors) {

  /** Media type of problem bodies. */
  public static final String MEDIA_TYPE = "application/problem+json";

  /**
   * One error.
   *
   * @param field the input it concerns (JSON property, path or query parameter), or null
   * @param message what is wrong with it
   */
  @Serdeable
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record FieldError(@Nullable String field, String message) {
  }
}
