package org.icutwin.server.config;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The server's wall clock (UTC); a test replaces it to control "now". */
@Factory
class ClockFactory {

  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }
}
