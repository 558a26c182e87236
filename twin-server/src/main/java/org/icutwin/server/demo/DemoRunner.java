package org.icutwin.server.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.icutwin.server.api.ApiException;
import org.icutwin.server.config.DemoSettings;
import org.icutwin.server.config.IcutwinSettings;
import org.icutwin.server.device.DeviceBindings;
import org.icutwin.server.device.DeviceRegistry;
import org.icutwin.server.mqtt.MqttRuntime;
import org.icutwin.server.patient.PatientRegistry;
import org.icutwin.server.security.Actor;
import org.icutwin.server.security.Role;
import org.icutwin.server.security.TokenService;
import org.icutwin.server.twin.Admissions;
import org.icutwin.server.user.UserAccounts;
import org.icutwin.server.twin.TwinService;
import org.icutwin.server.twin.api.AdmitRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --demo}: admits the three {@link DemoScenario} patients and streams their devices through
 * the real paths (MQTT to the server's broker as each device, vancomycin levels as FHIR
 * Observations over HTTP) on the demo clock. Orders a clinician accepts are run by the simulated
 * pumps ({@link DemoOrders}). Prints how to look.
 */
@Singleton
@Requires(property = "icutwin.demo.enabled", value = "true")
public class DemoRunner implements ApplicationEventListener<ServerStartupEvent> {

  private static final Logger LOG = LoggerFactory.getLogger(DemoRunner.class);
  private static final Actor DEMO = new Actor("demo", List.of("ADMIN"));

  private final Admissions admissions;
  private final PatientRegistry registry;
  private final DeviceRegistry devices;
  private final DeviceBindings bindings;
  private final TwinService twins;
  private final MqttRuntime mqtt;
  private final TokenService tokens;
  private final Clock clock;
  private final DemoSettings settings;
  private final IcutwinSettings icutwin;
  private final DemoOrders orders;
  private final UserAccounts users;
  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, MqttAsyncClient> clients = new ConcurrentHashMap<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private ScheduledExecutorService ticker;
  private DemoScenario scenario;

  public DemoRunner(Admissions admissions, PatientRegistry registry, DeviceRegistry devices, DeviceBindings bindings,
      TwinService twins, MqttRuntime mqtt, TokenService tokens, Clock clock, DemoSettings settings,
      IcutwinSettings icutwin, DemoOrders orders, UserAccounts users) {
    this.users = users;
    this.admissions = admissions;
    this.registry = registry;
    this.devices = devices;
    this.bindings = bindings;
    this.twins = twins;
    this.mqtt = mqtt;
    this.tokens = tokens;
    this.clock = clock;
    this.settings = settings;
    this.icutwin = icutwin;
    this.orders = orders;
  }

  @Override
  public void onApplicationEvent(ServerStartupEvent event) {
    EmbeddedServer server = (EmbeddedServer) event.getSource();
    String broker = mqtt.brokerUri().orElseThrow(() -> new IllegalStateException(
        "the demo needs MQTT: start without --mqtt-url or with a reachable broker"));
    // The devices start once the server's ingest client is subscribed, so nothing they send is missed.
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!mqtt.ingestReady() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    scenario = new DemoScenario(clock.instant(), 20261122L);
    orders.attach(scenario);
    for (DemoScenario.Patient p : scenario.patients()) {
      admit(p);
      for (String d : p.devices()) {
        connect(broker, d, p.patientId());
      }
    }
    String lab = tokens.mint("demo-lab", Set.of(Role.DEVICE), Duration.ofDays(7));
    URI fhir = URI.create(server.getURL() + "/fhir/Observation");
    ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "demo-devices");
      t.setDaemon(true);
      return t;
    });
    ticker.scheduleWithFixedDelay(() -> tick(fhir, lab), 0, 500, TimeUnit.MILLISECONDS);
    String clinician = tokens.mint("demo-clinician", Set.of(Role.CLINICIAN), Duration.ofHours(12));
    // Sign-in accounts for the dashboard, with fresh random passwords at every start.
    String clinicianPassword = randomPassword();
    String adminPassword = randomPassword();
    users.createOrReset("clinician", "Demo Clinician", List.of("CLINICIAN"), clinicianPassword.toCharArray(), DEMO);
    users.createOrReset("admin", "Demo Administrator", List.of("ADMIN"), adminPassword.toCharArray(), DEMO);
    LOG.info(String.join("\n", "",
        "== icutwin demo: 3 virtual patients (" + DemoScenario.GLUCOSE + ", " + DemoScenario.MAP + ", "
            + DemoScenario.VANCO + "), data time x" + settings.accelerate(),
        "   Their devices publish over MQTT (" + broker + "), the lab posts FHIR Observations.",
        "   Dashboard: " + server.getURL() + "/  sign in as  clinician / " + clinicianPassword
            + "   (or admin / " + adminPassword + ")",
        "   A CLINICIAN token (12 h):",
        "     export TOKEN=" + clinician,
        "   Then:",
        "     curl -H \"Authorization: Bearer $TOKEN\" " + server.getURL() + "/api/v1/patients",
        "     curl -H \"Authorization: Bearer $TOKEN\" '" + server.getURL()
            + "/api/v1/patients/demo-glucose/recommendations?status=PENDING'",
        "   Accept one: POST .../recommendations/{id}/decision {\"decision\":\"ACCEPT\"}; the simulated pump runs it.",
        "   Other tokens: ./icutwin token --sub you --role ADMIN|CLINICIAN|INTEGRATOR|DEVICE --data-dir "
            + icutwin.dataDir()));
  }

  private void admit(DemoScenario.Patient p) {
    if (registry.find(p.patientId()).isEmpty()) {
      var cov = new AdmitRequest.Covariates(p.weightKg(), null, null, null, p.crclMlPerMin(), null,
          p.crclMlPerMin() == null ? null : false);
      admissions.admit(new AdmitRequest(p.patientId(), p.bed(), p.model(), "adult-icu", cov, p.initialValue(), null,
          scenario.start()), DEMO).join();
    }
    for (String d : p.devices()) {
      if (devices.find(d).isEmpty()) {
        devices.register(d, d.contains("pump") ? "pump" : "monitor", sensorClass(d), password(d).toCharArray(), DEMO);
      }
      try {
        bindings.bind(p.patientId(), d, scenario.start(), DEMO);
        twins.bind(p.patientId(), d, scenario.start(), DEMO.subject());
      } catch (ApiException alreadyBound) {
        // A restarted demo finds its devices bound.
      }
    }
  }

  private static String randomPassword() {
    byte[] b = new byte[12];
    new java.security.SecureRandom().nextBytes(b);
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static String sensorClass(String deviceId) {
    if (deviceId.contains("cgm")) {
      return "cgm";
    }
    if (deviceId.contains("glucometer")) {
      return "poc";
    }
    return deviceId.contains("aline") ? "arterial-line" : null;
  }

  /** A device's broker password, stable across restarts: derived from the server's MQTT secret. */
  private String password(String deviceId) {
    try {
      byte[] seed = (icutwin.dataDir().toAbsolutePath() + "|" + deviceId).getBytes(StandardCharsets.UTF_8);
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(seed)).substring(0, 32);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private void connect(String broker, String deviceId, String patientId) {
    try {
      MqttAsyncClient c = new MqttAsyncClient(broker, deviceId, new MemoryPersistence());
      MqttConnectionOptions o = new MqttConnectionOptions();
      o.setUserName(deviceId);
      o.setPassword(password(deviceId).getBytes(StandardCharsets.UTF_8));
      o.setAutomaticReconnect(true);
      c.connect(o).waitForCompletion(10_000);
      clients.put(deviceId, c);
    } catch (MqttException e) {
      LOG.warn("demo device {} could not connect to {}: {}", deviceId, broker, e.toString());
    }
  }

  private void tick(URI fhir, String labToken) {
    try {
      for (DemoMessage m : orders.advance(clock.instant())) {
        if (m instanceof DemoMessage.Measurement x && x.viaFhir()) {
          postLab(fhir, labToken, x);
        } else {
          publish(m);
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("demo tick failed: {}", e.toString());
    }
  }

  private void publish(DemoMessage m) {
    ObjectNode n = json.createObjectNode().put("version", 1).put("messageId", m.messageId())
        .put("effectiveTime", m.time().toString());
    String device;
    String channel;
    if (m instanceof DemoMessage.Measurement x) {
      device = x.deviceId();
      channel = "observations";
      n.put("deviceId", device);
      n.putObject("code").put("system", x.code().system()).put("code", x.code().code());
      n.put("value", x.value()).put("unit", x.unit());
    } else {
      DemoMessage.PumpRate p = (DemoMessage.PumpRate) m;
      device = p.deviceId();
      channel = "administrations";
      n.put("deviceId", device).put("drug", p.drug()).put("kind", "rate").put("amount", p.rate())
          .put("unit", p.unit());
    }
    MqttAsyncClient c = clients.get(device);
    if (c == null || !c.isConnected()) {
      return;
    }
    // As docs/mqtt.md asks of a device: a PUBACK with a failure reason code (the server did not
    // record the message, e.g. while its ingest starts) means "publish again", with the same id.
    for (int attempt = 1; attempt <= PUBLISH_ATTEMPTS; attempt++) {
      try {
        MqttMessage msg = new MqttMessage(json.writeValueAsBytes(n));
        msg.setQos(1);
        IMqttToken t = c.publish("icutwin/v1/devices/" + device + "/" + channel, msg);
        t.waitForCompletion(10_000);
        int[] codes = t.getReasonCodes();
        if (codes == null || codes.length == 0 || codes[0] < 0x80) {
          return;
        }
        LOG.warn("demo device {}: message {} not taken (reason code 0x{}), attempt {} of {}", device,
            m.messageId(), Integer.toHexString(codes[0]), attempt, PUBLISH_ATTEMPTS);
        Thread.sleep(1_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        LOG.warn("demo device {} could not publish: {}", device, e.toString());
        return;
      }
    }
  }

  /** How often a demo device sends a message the server answered with a failure reason code. */
  static final int PUBLISH_ATTEMPTS = 3;

  private void postLab(URI fhir, String token, DemoMessage.Measurement x) {
    ObjectNode o = json.createObjectNode().put("resourceType", "Observation").put("id", x.messageId())
        .put("status", "final");
    o.putArray("category").addObject().putArray("coding").addObject()
        .put("system", "http://terminology.hl7.org/CodeSystem/observation-category").put("code", "laboratory");
    o.putObject("code").putArray("coding").addObject().put("system", x.code().system()).put("code", x.code().code());
    o.putObject("subject").put("reference", "Patient/" + x.patientId());
    o.put("effectiveDateTime", x.time().toString());
    o.putObject("valueQuantity").put("value", x.value()).put("unit", x.unit())
        .put("system", "http://unitsofmeasure.org").put("code", x.unit());
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(fhir).header("Authorization", "Bearer " + token)
          .header("Content-Type", "application/fhir+json").POST(HttpRequest.BodyPublishers.ofString(
              json.writeValueAsString(o))).build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() >= 300) {
        LOG.warn("demo lab result refused ({}): {}", r.statusCode(), r.body());
      }
    } catch (Exception e) {
      LOG.warn("demo lab could not post: {}", e.toString());
    }
  }

  @PreDestroy
  void stop() {
    if (ticker != null) {
      ticker.shutdownNow();
    }
    clients.values().forEach(c -> {
      try {
        c.disconnectForcibly(1000);
        c.close();
      } catch (MqttException ignored) {
        // shutting down
      }
    });
  }
}
