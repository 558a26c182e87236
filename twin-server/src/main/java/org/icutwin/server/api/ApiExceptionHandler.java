package org.icutwin.server.api;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import java.util.Optional;

/** Turns an {@link ApiException} into its status and a problem body naming the field. */
@Singleton
@Requires(classes = {ApiException.class, ExceptionHandler.class})
class ApiExceptionHandler implements ExceptionHandler<ApiException, HttpResponse<?>> {

  private final ErrorResponseProcessor<?> errors;

  ApiExceptionHandler(ErrorResponseProcessor<?> errors) {
    this.errors = errors;
  }

  @Override
  public HttpResponse<?> handle(HttpRequest request, ApiException exception) {
    Error error = new Error() {
      @Override
      public String getMessage() {
        return exception.getMessage();
      }

      @Override
      public Optional<String> getPath() {
        return exception.field();
      }
    };
    return errors.processResponse(ErrorContext.builder(request).cause(exception).error(error).build(),
        HttpResponse.status(exception.status()));
  }
}
