package org.icutwin.server.fhir;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import org.icutwin.gateway.subscription.SubscriptionService;

/** FHIR Subscriptions (rest-hook, Backport IG for R4): create, read, delete, {@code $status}, {@code $events}. */
@Controller("/fhir/Subscription")
@ExecuteOn(TaskExecutors.BLOCKING)
@Produces(FhirHttp.FHIR_JSON)
public class FhirSubscriptionController {

  private final SubscriptionService subscriptions;

  public FhirSubscriptionController(SubscriptionService subscriptions) {
    this.subscriptions = subscriptions;
  }

  @Post
  @Consumes({FhirHttp.FHIR_JSON, "application/json"})
  public HttpResponse<String> create(@Body String json) {
    return FhirHttp.of(subscriptions.create(json));
  }

  @Get("/{id}")
  public HttpResponse<String> read(@PathVariable String id) {
    return FhirHttp.of(subscriptions.read(id));
  }

  @Delete("/{id}")
  public HttpResponse<String> delete(@PathVariable String id) {
    return FhirHttp.of(subscriptions.delete(id));
  }

  @Get("/{id}/$status")
  public HttpResponse<String> status(@PathVariable String id) {
    return FhirHttp.of(subscriptions.status(id));
  }

  @Get("/{id}/$events")
  public HttpResponse<String> events(@PathVariable String id, @Nullable @QueryValue Long eventsSinceNumber,
      @Nullable @QueryValue Long eventsUntilNumber) {
    return FhirHttp.of(subscriptions.events(id, eventsSinceNumber, eventsUntilNumber));
  }
}
