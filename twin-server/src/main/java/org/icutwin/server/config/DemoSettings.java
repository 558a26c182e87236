package org.icutwin.server.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * The demo mode ({@code --demo}): virtual patients streamed through the real MQTT and FHIR paths.
 *
 * @param enabled whether to admit and stream the demo patients
 * @param accelerate simulated minutes per wall-clock minute, at least 1 ({@code --accelerate})
 */
@ConfigurationProperties("icutwin.demo")
public record DemoSettings(@Bindable(defaultValue = "false") boolean enabled,
    @Bindable(defaultValue = "1") double accelerate) {

  public DemoSettings {
    if (!(accelerate >= 1)) {
      throw new IllegalArgumentException("icutwin.demo.accelerate must be >= 1, was " + accelerate);
    }
  }
}
