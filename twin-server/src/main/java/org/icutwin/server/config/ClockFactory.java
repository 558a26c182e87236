package org.icutwin.server.config;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.icutwin.server.demo.DemoClock;

/**
 * The server's clock (UTC): the wall clock, or in demo mode a clock running {@code --accelerate}
 * times faster, which is the demo's data time. A test replaces it to control "now".
 */
@Factory
class ClockFactory {

  @Singleton
  Clock clock(DemoSettings demo) {
    return demo.enabled() && demo.accelerate() > 1 ? new DemoClock(Clock.systemUTC(), demo.accelerate())
        : Clock.systemUTC();
  }
}
