package org.icutwin.server.ops;

import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import org.icutwin.server.config.IcutwinSettings;
import org.icutwin.server.config.MqttSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Tells whoever started the server where to look once it listens. */
@Singleton
class StartupReport implements ApplicationEventListener<ServerStartupEvent> {

  private static final Logger LOG = LoggerFactory.getLogger(StartupReport.class);

  private final IcutwinSettings settings;
  private final MqttSettings mqtt;

  StartupReport(IcutwinSettings settings, MqttSettings mqtt) {
    this.settings = settings;
    this.mqtt = mqtt;
  }

  @Override
  public void onApplicationEvent(ServerStartupEvent event) {
    EmbeddedServer server = event.getSource();
    String base = server.getURL().toString();
    LOG.info(String.join("\n",
        "icutwin is up at {}",
        "  API (needs a token):  {}/api/v1",
        "  OpenAPI:              {}/swagger/icutwin-v1.yml   UI: {}/swagger-ui/index.html",
        "  health / readiness:   {}/health  {}/health/readiness",
        "  metrics (ADMIN):      {}/prometheus",
        "  data directory:       {}",
        "  MQTT broker:          {}",
        "  a token:              ./icutwin token --sub alice --role CLINICIAN   (roles: CLINICIAN, INTEGRATOR, DEVICE, ADMIN)"),
        base, base, base, base, base, base, base, settings.dataDir().toAbsolutePath().normalize(),
        mqtt.externalBroker().map(Object::toString).orElse("embedded (loopback)"));
  }
}
