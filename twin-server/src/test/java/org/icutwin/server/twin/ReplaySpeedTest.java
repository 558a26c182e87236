package org.icutwin.server.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.HttpClient;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.icutwin.core.virtual.CgmSensor;
import org.icutwin.core.virtual.GlucoseCohort;
import org.icutwin.core.virtual.GlucosePatientSpec;
import org.icutwin.core.virtual.IcingGlucosePatient;
import org.icutwin.core.virtual.Reading;
import org.icutwin.core.virtual.SampledSensor;
import org.icutwin.server.ServerTestSupport;
import org.icutwin.server.mqtt.MqttRuntime;
import org.icutwin.server.security.Role;
import org.icutwin.server.security.TokenService;
import org.icutwin.server.twin.api.Views;
import org.junit.jupiter.api.Test;

/**
 * Issue acceptance: a recorded 48-h stay streamed in as fast as the server takes it gives the same
 * estimates and proposals, at every decision time, as the same data fed at a (scaled) real-time
 * pace. The paced copy goes the bedside way (a CGM, a blood glucose meter and an insulin pump
 * publishing over MQTT one message at a time, spaced as their times are); the fast copy goes the
 * retrospective way (FHIR batch bundles, each carrying everything up to the next decision time,
 * posted back to back). At each decision time both clients wait until the twin has journaled
 * everything they sent, post an ingest barrier and ask for the twin and a proposal as of that time.
 *
 * <p>The stay is recorded from a virtual patient of another model structure (ICING with drifting
 * insulin sensitivity and interrupted feeds) treated by a fixed sliding scale, with CGM noise and
 * artefacts: nothing about it comes from the twin's own model.
 */
class ReplaySpeedTest {

  static final Duration STAY = Duration.ofHours(48);
  static final Duration DECISION_EVERY = Duration.ofHours(2);
  /** Data time per wall time of the paced copy: 48 h in about 50 s. */
  static final double PACE = 48 * 3600 / 50.0;

  /** One recorded item: when it happened and how each path carries it. */
  record Item(Instant time, String stream, double value) {
  }

  @Test
  void aStayStreamedAsFastAsPossibleGivesTheSameEstimatesAndProposalsAsTheSameStayPaced() throws Exception {
    Instant t0 = Instant.now().minus(STAY).minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.MINUTES);
    List<Item> stay = recordStay(t0);
    assertThat(stay).hasSizeGreaterThan(600);

    Path dir = ServerTestSupport.newDataDir();
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Map<String, Object> props = Map.of("icutwin.data-dir", dir.toString(), "icutwin.mqtt.broker.embedded", true,
        "icutwin.mqtt.broker.port", port);
    try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, props, "test");
        HttpClient http = HttpClient.create(server.getURL(), clientConfig())) {
      BlockingHttpClient c = http.toBlocking();
      TokenService tokens = server.getApplicationContext().getBean(TokenService.class);
      String admin = tokens.mint("ada", Set.of(Role.ADMIN), Duration.ofMinutes(30));
      String clin = tokens.mint("dr-lee", Set.of(Role.CLINICIAN), Duration.ofMinutes(30));
      String feed = tokens.mint("ehr-feed", Set.of(Role.INTEGRATOR), Duration.ofMinutes(30));
      for (String p : List.of("paced", "fast")) {
        c.exchange(HttpRequest.POST("/api/v1/patients", Map.of("patientId", p, "model", "insulin", "careArea",
            "adult-icu", "covariates", Map.of("weightKg", 82), "admittedAt", t0.toString())).bearerAuth(admin));
      }
      for (String[] d : new String[][] {{"cgm", "cgm"}, {"bg", "glucometer"}, {"pump", "pump"}}) {
        String id = d[0] + "-paced";
        c.exchange(HttpRequest.POST("/api/v1/devices", Map.of("deviceId", id, "kind", d[1], "mqttPassword",
            id + "-secret-pw")).bearerAuth(admin));
        c.exchange(HttpRequest.POST("/api/v1/patients/paced/devices", Map.of("deviceId", id, "from", t0.toString()))
            .bearerAuth(admin));
      }
      MqttRuntime mqtt = server.getApplicationContext().getBean(MqttRuntime.class);
      await().atMost(Duration.ofSeconds(60)).until(mqtt::ingestReady);

      List<Instant> decisions = new ArrayList<>();
      for (Instant t = t0.plus(DECISION_EVERY); !t.isAfter(t0.plus(STAY)); t = t.plus(DECISION_EVERY)) {
        decisions.add(t);
      }
      Replica paced = new Replica(c, admin, clin, "paced");
      Replica fast = new Replica(c, admin, clin, "fast");

      // Paced: the bedside devices publish each item when its (scaled) time comes.
      Map<String, MqttClient> devices = new HashMap<>();
      for (String d : List.of("cgm", "bg", "pump")) {
        devices.put(d, connect(port, d + "-paced"));
      }
      long wallStart = System.nanoTime();
      int next = 0;
      for (Instant decision : decisions) {
        while (next < stay.size() && !stay.get(next).time().isAfter(decision)) {
          Item item = stay.get(next++);
          long due = wallStart + (long) (Duration.between(t0, item.time()).toNanos() / PACE);
          long wait = due - System.nanoTime();
          if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          }
          publish(devices.get(item.stream()), item, next);
          paced.sent++;
        }
        paced.decide(decision);
      }
      for (MqttClient d : devices.values()) {
        d.disconnect();
        d.close();
      }

      System.out.printf("paced copy: %d items in %.1f s%n", paced.sent, (System.nanoTime() - wallStart) / 1e9);
      long fastStart = System.nanoTime();
      // Fast: everything up to each decision time in one FHIR batch, posted at once.
      FhirContext fhir = FhirContext.forR4Cached();
      next = 0;
      for (Instant decision : decisions) {
        Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
        while (next < stay.size() && !stay.get(next).time().isAfter(decision)) {
          Item item = stay.get(next++);
          batch.addEntry().setResource(fhirResource(item, next, "fast"))
              .getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl(item.stream().equals("pump")
                  ? "MedicationAdministration" : "Observation");
          fast.sent++;
        }
        HttpResponse<String> r = c.exchange(HttpRequest.POST("/fhir", fhir.newJsonParser().encodeResourceToString(batch))
            .contentType("application/fhir+json").bearerAuth(feed), String.class);
        assertThat(r.code()).isEqualTo(200);
        Bundle response = (Bundle) fhir.newJsonParser().parseResource(r.body());
        assertThat(response.getEntry()).allSatisfy(e -> assertThat(e.getResponse().getStatus()).startsWith("201"));
        fast.decide(decision);
      }

      System.out.printf("fast copy: %d items in %.1f s%n", fast.sent, (System.nanoTime() - fastStart) / 1e9);
      assertThat(fast.answers).hasSameSizeAs(decisions);
      assertThat(paced.answers).hasSameSizeAs(decisions);
      int proposals = 0;
      for (int i = 0; i < decisions.size(); i++) {
        Answer a = paced.answers.get(i);
        Answer b = fast.answers.get(i);
        String at = "at decision time " + decisions.get(i);
        assertThat(b.twin().applied()).as(at).isEqualTo(a.twin().applied());
        assertThat(b.twin().rejected()).as(at).isEqualTo(a.twin().rejected());
        assertSame(at + " output", a.twin().output(), b.twin().output());
        for (int k = 0; k < a.twin().states().size(); k++) {
          assertSame(at + " state", a.twin().states().get(k), b.twin().states().get(k));
        }
        for (int k = 0; k < a.twin().parameters().size(); k++) {
          assertSame(at + " parameter", a.twin().parameters().get(k), b.twin().parameters().get(k));
        }
        assertThat(b.twin().drift()).as(at).isEqualTo(a.twin().drift());
        Views.Proposal p = a.proposal();
        Views.Proposal q = b.proposal();
        assertThat(q.safetyOutcome()).as(at).isEqualTo(p.safetyOutcome());
        assertThat(q.reasons()).as(at).isEqualTo(p.reasons());
        assertThat(q.safetyReasons()).as(at).isEqualTo(p.safetyReasons());
        assertThat(q.nextMeasurementAt()).as(at).isEqualTo(p.nextMeasurementAt());
        if (p.proposedValue() != null) {
          proposals++;
          assertThat(q.proposedValue()).as(at).isCloseTo(p.proposedValue(), within(p.proposedValue()));
          assertThat(q.plan()).as(at).hasSameSizeAs(p.plan());
          for (int k = 0; k < p.plan().size(); k++) {
            assertThat(q.plan().get(k).rate()).as(at).isCloseTo(p.plan().get(k).rate(), within(p.plan().get(k).rate()));
          }
        } else {
          assertThat(q.proposedValue()).as(at).isNull();
        }
        for (int k = 0; k < p.underProposal().size(); k++) {
          assertThat(q.underProposal().get(k).mean()).as(at).isCloseTo(p.underProposal().get(k).mean(),
              within(p.underProposal().get(k).mean()));
        }
      }
      // The comparison covered real proposals, not only withheld ones.
      assertThat(proposals).isGreaterThanOrEqualTo(decisions.size() / 2);
      Views.Twin last = paced.answers.get(paced.answers.size() - 1).twin();
      assertThat(last.applied()).isGreaterThan(500);
    }
  }

  /** The first FHIR batch also warms the validator up: allow longer than the default 10 s. */
  private static io.micronaut.http.client.HttpClientConfiguration clientConfig() {
    var config = new io.micronaut.http.client.DefaultHttpClientConfiguration();
    config.setReadTimeout(Duration.ofSeconds(120));
    return config;
  }

  private static org.assertj.core.data.Offset<Double> within(double reference) {
    return org.assertj.core.api.Assertions.within(1e-9 * Math.max(1, Math.abs(reference)));
  }

  private static void assertSame(String what, Views.Value a, Views.Value b) {
    assertThat(b.name()).as(what).isEqualTo(a.name());
    assertThat(b.value()).as(what + " " + a.name()).isCloseTo(a.value(), within(a.value()));
    assertThat(b.lower90()).as(what + " " + a.name()).isCloseTo(a.lower90(), within(a.lower90()));
    assertThat(b.upper90()).as(what + " " + a.name()).isCloseTo(a.upper90(), within(a.upper90()));
  }

  record Answer(Views.Twin twin, Views.Proposal proposal) {
  }

  /** One copy of the stay on the server, asked at each decision time. */
  static final class Replica {
    final BlockingHttpClient c;
    final String admin;
    final String clin;
    final String patient;
    final List<Answer> answers = new ArrayList<>();
    long sent;

    Replica(BlockingHttpClient c, String admin, String clin, String patient) {
      this.c = c;
      this.admin = admin;
      this.clin = clin;
      this.patient = patient;
    }

    /** Waits until the twin journaled everything sent, declares the time passed, asks as of it. */
    void decide(Instant t) {
      String base = "/api/v1/patients/" + patient;
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> c.retrieve(
          HttpRequest.GET(base).bearerAuth(clin), Views.Patient.class).itemsRecorded() == sent);
      c.exchange(HttpRequest.POST(base + "/barrier", Map.of("through", t.toString())).bearerAuth(admin));
      Views.Twin twin = c.retrieve(HttpRequest.GET(base + "/twin?asOf=" + t + "&wait=30").bearerAuth(clin),
          Views.Twin.class);
      Views.Proposal proposal = c.retrieve(HttpRequest.POST(base + "/recommendations", Map.of("asOf", t.toString(),
          "waitSeconds", 30)).bearerAuth(clin), Views.Proposal.class);
      answers.add(new Answer(twin, proposal));
    }
  }

  /**
   * The recorded stay: CGM every 5 min (values as the sensor reported them, artefacts included,
   * gaps where it read nothing), blood glucose every 2-5 h, and the insulin pump's rate changes
   * from a sliding scale applied hourly to the newest glucose. Values carry a device's precision.
   */
  static List<Item> recordStay(Instant t0) {
    GlucosePatientSpec spec = GlucoseCohort.generate(1, 48_2026L).get(0);
    IcingGlucosePatient patient = spec.start();
    CgmSensor cgm = new CgmSensor(CgmSensor.Config.typical(), 4801L);
    SampledSensor lab = new SampledSensor(SampledSensor.Config.labGlucose(), 4802L);
    double[] labTimes = SampledSensor.irregularTimes(4803L, 60, STAY.toMinutes(), 120, 300);
    List<Item> out = new ArrayList<>();
    int nextLab = 0;
    double latest = spec.initialGlucoseMmolPerL();
    double rate = -1;
    for (int m = 0; m <= STAY.toMinutes(); m++) {
      patient.advanceTo(m);
      Instant t = t0.plus(Duration.ofMinutes(m));
      if (m % 60 == 0) {
        double next = Math.max(0, Math.min(8, Math.round((latest - 6.5) * 2) / 2.0));
        if (next != rate) {
          rate = next;
          patient.setRate("insulin_iv", rate * 1000 / 60);
          out.add(new Item(t, "pump", rate));
        }
      }
      if (m > 0 && m % 5 == 0) {
        Reading r = patient.read(cgm);
        if (r.value().isPresent()) {
          double v = Math.round(r.value().getAsDouble() * 10) / 10.0;
          if (v >= 1.0 && v <= 30) {
            out.add(new Item(t.plusSeconds(7), "cgm", v));
            latest = v;
          }
        }
      }
      if (nextLab < labTimes.length && m >= labTimes[nextLab]) {
        nextLab++;
        Reading r = patient.read(lab);
        if (r.value().isPresent()) {
          double v = Math.round(r.value().getAsDouble() * 10) / 10.0;
          out.add(new Item(t.plusSeconds(20), "bg", v));
          latest = v;
        }
      }
    }
    return out;
  }

  private static MqttClient connect(int port, String deviceId) throws Exception {
    MqttClient client = new MqttClient("tcp://127.0.0.1:" + port, deviceId, new MemoryPersistence());
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setUserName(deviceId);
    o.setPassword((deviceId + "-secret-pw").getBytes(StandardCharsets.UTF_8));
    client.connect(o);
    return client;
  }

  private static void publish(MqttClient client, Item item, int n) throws Exception {
    String device = item.stream() + "-paced";
    String json;
    String topic;
    if (item.stream().equals("pump")) {
      topic = "icutwin/v1/devices/" + device + "/administrations";
      json = "{\"version\":1,\"messageId\":\"" + device + ":" + n + "\",\"deviceId\":\"" + device
          + "\",\"effectiveTime\":\"" + item.time() + "\",\"drug\":\"insulin\",\"kind\":\"rate\",\"amount\":"
          + item.value() + ",\"unit\":\"[iU]/h\"}";
    } else {
      topic = "icutwin/v1/devices/" + device + "/observations";
      json = "{\"version\":1,\"messageId\":\"" + device + ":" + n + "\",\"deviceId\":\"" + device
          + "\",\"effectiveTime\":\"" + item.time() + "\",\"code\":{\"system\":\"http://loinc.org\",\"code\":\""
          + loinc(item) + "\"},\"value\":" + item.value() + ",\"unit\":\"mmol/L\"}";
    }
    MqttMessage m = new MqttMessage(json.getBytes(StandardCharsets.UTF_8));
    m.setQos(1);
    client.publish(topic, m);
  }

  private static String loinc(Item item) {
    return item.stream().equals("cgm") ? "99504-3" : "15074-8";
  }

  private static Resource fhirResource(Item item, int n, String patient) {
    DateTimeType when = new DateTimeType(Date.from(item.time()), TemporalPrecisionEnum.SECOND,
        TimeZone.getTimeZone("UTC"));
    if (item.stream().equals("pump")) {
      MedicationAdministration a = new MedicationAdministration();
      a.setId("ma-" + n);
      a.setStatus(MedicationAdministration.MedicationAdministrationStatus.INPROGRESS);
      a.setMedication(new CodeableConcept(new Coding("urn:icutwin:fhir:drug-library", "insulin", "insulin")));
      a.setSubject(new Reference("Patient/" + patient));
      a.setEffective(when);
      a.getDosage().setRate(new Quantity().setValue(item.value()).setUnit("[iU]/h")
          .setSystem("http://unitsofmeasure.org").setCode("[iU]/h"));
      return a;
    }
    Observation o = new Observation();
    o.setId("obs-" + n);
    o.setStatus(Observation.ObservationStatus.FINAL);
    o.setCode(new CodeableConcept(new Coding("http://loinc.org", loinc(item), "glucose")));
    o.setSubject(new Reference("Patient/" + patient));
    o.setEffective(when);
    o.setValue(new Quantity().setValue(item.value()).setUnit("mmol/L").setSystem("http://unitsofmeasure.org")
        .setCode("mmol/L"));
    return o;
  }
}
