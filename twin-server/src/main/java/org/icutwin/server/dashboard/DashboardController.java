package org.icutwin.server.dashboard;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.Hidden;
import java.net.URI;

/** The server's root opens the clinician dashboard (static files under {@code /dashboard/}). */
@Controller
@Hidden
class DashboardController {

  @Get
  HttpResponse<?> root() {
    return HttpResponse.seeOther(URI.create("/dashboard/"));
  }
}
