package org.icutwin.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.parser.IParser;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.hl7.fhir.r4.model.Subscription;
import org.icutwin.gateway.fhir.FhirR4;
import org.icutwin.gateway.fhir.FhirValidation;
import org.icutwin.server.ServerTestSupport;
import org.icutwin.server.security.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The FHIR API end to end over HTTP: a posted glucose Observation reaches the patient's twin, the
 * twin's proposal is searchable as a valid MedicationRequest and is pushed to a rest-hook
 * subscriber, a clinician's acceptance becomes an order based on it, and errors are
 * OperationOutcomes.
 */
@MicronautTest
class FhirApiTest extends ServerTestSupport {

  private static final Duration ASYNC = Duration.ofSeconds(20);
  private static final String FHIR_JSON = "application/fhir+json";

  @Inject
  @Client("/")
  HttpClient http;

  @Inject
  FhirValidation validation;

  private final IParser parser = FhirR4.context().newJsonParser();
  private final Queue<String> received = new ConcurrentLinkedQueue<>();
  private HttpServer receiver;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> p = new java.util.HashMap<>(super.getProperties());
    // The first validated POST may wait for the validator (seconds on a busy 2-core machine).
    p.put("micronaut.http.client.read-timeout", "60s");
    p.put("icutwin.fhir.warm-up", "true");
    return p;
  }

  @AfterAll
  void stopReceiver() {
    if (receiver != null) {
      receiver.stop(0);
    }
  }

  @Test
  void aGlucoseObservationReachesTheTwinAndItsProposalIsASearchableValidMedicationRequest() {
    admit("p-obs");
    Observation obs = glucose("obs-1", "p-obs", 11.2);
    HttpResponse<String> created = post("/fhir/Observation", obs, Role.DEVICE);
    assertThat(created.code()).isEqualTo(201);
    assertThat(created.getContentType().orElseThrow().getName()).isEqualTo(FHIR_JSON);

    await().atMost(ASYNC).until(() -> applied("p-obs") == 1);
    Bundle proposals = await().atMost(ASYNC).until(
        () -> search("/fhir/MedicationRequest?patient=p-obs&intent=proposal", Role.INTEGRATOR),
        b -> b.getTotal() == 1);

    MedicationRequest mr = (MedicationRequest) proposals.getEntryFirstRep().getResource();
    assertThat(mr.getIntent()).isEqualTo(MedicationRequest.MedicationRequestIntent.PROPOSAL);
    assertThat(mr.getStatus()).isEqualTo(MedicationRequest.MedicationRequestStatus.ACTIVE);
    assertThat(mr.getSubject().getReference()).isEqualTo("Patient/p-obs");
    assertThat(mr.getDosageInstructionFirstRep().getDoseAndRateFirstRep().getRateQuantity().getCode())
        .isEqualTo("[iU]/h");
    FhirValidation.Result result = validation.validate(proposals);
    assertThat(result.errors()).as(result.errorSummary()).isEmpty();

    String id = mr.getIdElement().getIdPart();
    MedicationRequest read = (MedicationRequest) parser.parseResource(
        get("/fhir/MedicationRequest/" + id, Role.CLINICIAN).body());
    assertThat(read.getIdElement().getIdPart()).isEqualTo(id);
    assertThat(search("/fhir/MedicationRequest?patient=p-obs&intent=order", Role.INTEGRATOR).getTotal()).isZero();

    HttpResponse<String> again = post("/fhir/Observation", obs, Role.DEVICE);
    assertThat(again.code()).as("a re-post of a recorded message changes nothing").isEqualTo(200);
    assertOutcome(HttpRequest.POST("/fhir/Observation", encode(glucose("obs-1", "p-obs", 3.1))), Role.DEVICE, 409);
  }

  /**
   * The laboratory withdraws a low it reported (entered in error) and corrects another: each time the
   * twin re-runs from the result, the clinician is alerted and a new proposal replaces the pending
   * one; the chart keeps the first values marked. A correction from before the late window changes
   * nothing and says so.
   */
  @Test
  @SuppressWarnings("unchecked")
  void aWithdrawnOrCorrectedLabResultRevisesTheTwinAndItsProposal() {
    admit("p-rev", Duration.ofHours(4));
    // Taken nearly three hours back: by the end it is older than the glucose twin's 2-h late window.
    Observation old = glucose("rev-0", "p-rev", 9.0);
    old.setEffective(new DateTimeType(Date.from(Instant.now().minus(170, ChronoUnit.MINUTES)),
        ca.uhn.fhir.model.api.TemporalPrecisionEnum.SECOND, java.util.TimeZone.getTimeZone("UTC")));
    assertThat(post("/fhir/Observation", old, Role.INTEGRATOR).code()).isEqualTo(201);
    assertThat(post("/fhir/Observation", glucose("rev-1", "p-rev", 2.6), Role.INTEGRATOR).code()).isEqualTo(201);
    Map<?, ?> low = await().atMost(ASYNC).until(() -> pending("p-rev"), p -> p != null && p.get("dextroseMmol") != null);
    assertThat(low.get("dextroseMmol")).as("the low calls for a rescue").isNotNull();

    Observation withdrawn = glucose("rev-1", "p-rev", 2.6).setStatus(Observation.ObservationStatus.ENTEREDINERROR);
    withdrawn.setValue(null);
    assertThat(put("/fhir/Observation/rev-1", withdrawn).code()).isEqualTo(201);
    Map<?, ?> after = await().atMost(ASYNC).until(() -> pending("p-rev"),
        p -> p != null && !p.get("id").equals(low.get("id")));
    assertThat(after.get("dextroseMmol")).as("no rescue once the low is withdrawn").isNull();
    Map<?, ?> history = history("p-rev");
    assertThat((List<Map<?, ?>>) history.get("alerts")).anySatisfy(a -> {
      assertThat(a.get("code")).isEqualTo("RESULT_REVISED");
      assertThat((String) a.get("detail")).contains("glucose 2.60 mmol/L", "(rev-1) was withdrawn as entered in error");
    });
    assertThat((List<Map<?, ?>>) history.get("points")).filteredOn(pt -> "rev-1".equals(pt.get("messageId")))
        .singleElement().satisfies(pt -> {
          assertThat(pt.get("applied")).isEqualTo(false);
          assertThat(pt.get("reason")).isEqualTo("WITHDRAWN");
        });
    await().atMost(ASYNC).until(() -> exchange(HttpRequest.GET("/api/v1/audit?patient=p-rev"), Role.CLINICIAN)
        .body().contains("observation.withdrawn"));
    Map<?, ?> ward = exchange(HttpRequest.GET("/api/v1/patients/p-rev"), Role.CLINICIAN, Map.class).body();
    assertThat(((Map<?, ?>) ward.get("latest")).get("messageId")).as("a withdrawn value is not the latest")
        .isEqualTo("rev-0");

    assertThat(post("/fhir/Observation", glucose("rev-2", "p-rev", 12.5), Role.INTEGRATOR).code()).isEqualTo(201);
    Observation corrected = glucose("rev-2", "p-rev", 7.5).setStatus(Observation.ObservationStatus.CORRECTED);
    assertThat(put("/fhir/Observation/rev-2", corrected).code()).isEqualTo(201);
    await().atMost(ASYNC).until(() -> ((List<Map<?, ?>>) history("p-rev").get("points")).stream()
        .anyMatch(pt -> "rev-2".equals(pt.get("revises")) && Boolean.TRUE.equals(pt.get("applied"))));
    assertThat((List<Map<?, ?>>) history("p-rev").get("alerts")).anySatisfy(a -> assertThat((String) a.get("detail"))
        .contains("glucose 12.5 mmol/L", "(rev-2) was corrected to 7.50 mmol/L"));

    // The result of nearly three hours ago is older than the late window: the first value stands.
    Observation tooLate = old.copy().setStatus(Observation.ObservationStatus.AMENDED);
    tooLate.getValueQuantity().setValue(3.9);
    assertThat(put("/fhir/Observation/rev-0", tooLate).code()).isEqualTo(201);
    await().atMost(ASYNC).until(() -> ((List<Map<?, ?>>) history("p-rev").get("alerts")).stream()
        .anyMatch(a -> "REVISION_NOT_APPLIED".equals(a.get("code"))
            && ((String) a.get("detail")).contains("still rest on the first value")));
    assertOutcome(HttpRequest.PUT("/fhir/Observation/other-id", encode(corrected)), Role.INTEGRATOR, 400);

    // A correction of the withdrawn result, and one of a result never sent: each says what became of it.
    Observation late = glucose("rev-1", "p-rev", 5.1).setStatus(Observation.ObservationStatus.CORRECTED);
    assertThat(put("/fhir/Observation/rev-1", late).code()).isEqualTo(201);
    Observation unseen = glucose("rev-9", "p-rev", 6.6).setStatus(Observation.ObservationStatus.CORRECTED);
    assertThat(put("/fhir/Observation/rev-9", unseen).code()).isEqualTo(201);
    await().atMost(ASYNC).until(() -> ((List<Map<?, ?>>) history("p-rev").get("alerts")).stream()
        .map(a -> (String) a.get("detail")).filter(d -> d.contains("had been withdrawn as entered in error")
            || d.contains("rev-9, which never reached this twin, was taken as a new reading")).count() == 2);

    // A clinician acknowledges the alert: its DetectedIssue then carries the mitigation.
    String alertId = (String) ((List<Map<?, ?>>) history("p-rev").get("alerts")).stream()
        .filter(a -> "REVISION_NOT_APPLIED".equals(a.get("code"))).findFirst().orElseThrow().get("id");
    assertThat(exchange(HttpRequest.POST("/api/v1/patients/p-rev/alerts/" + alertId + "/acknowledge",
        Map.of("note", "repeat glucose ordered")), Role.CLINICIAN).code()).isEqualTo(200);
    DetectedIssue issue = search("/fhir/DetectedIssue?patient=p-rev", Role.INTEGRATOR).getEntry().stream()
        .map(e -> (DetectedIssue) e.getResource()).filter(d -> d.getIdElement().getIdPart().equals(alertId))
        .findFirst().orElseThrow();
    assertThat(issue.getMitigationFirstRep().getAction().getText()).isEqualTo("repeat glucose ordered");
    assertThat(issue.getMitigationFirstRep().getAuthor().getDisplay()).isEqualTo("clinician-1");
  }

  /**
   * A 10 U insulin bolus charted in error is withdrawn (entered-in-error): the twin takes it back,
   * the chart keeps it marked WITHDRAWN, the clinician is alerted and a new proposal replaces the
   * pending one. A second withdrawal changes nothing.
   */
  @Test
  @SuppressWarnings("unchecked")
  void aDoseChartedInErrorIsWithdrawnAndTheProposalIsRenewed() {
    admit("p-dose");
    assertThat(post("/fhir/Observation", glucose("dose-g1", "p-dose", 9.5), Role.INTEGRATOR).code()).isEqualTo(201);
    Map<?, ?> first = await().atMost(ASYNC).until(() -> pending("p-dose"), p -> p != null);
    org.hl7.fhir.r4.model.MedicationAdministration bolus = new org.hl7.fhir.r4.model.MedicationAdministration();
    bolus.setId("dose-b1");
    bolus.setStatus(org.hl7.fhir.r4.model.MedicationAdministration.MedicationAdministrationStatus.COMPLETED);
    bolus.setMedication(new CodeableConcept(new Coding("http://www.nlm.nih.gov/research/umls/rxnorm", "253182",
        "insulin regular")));
    bolus.setSubject(new Reference("Patient/p-dose"));
    bolus.setEffective(new DateTimeType(Date.from(Instant.now().minus(5, ChronoUnit.MINUTES)),
        ca.uhn.fhir.model.api.TemporalPrecisionEnum.SECOND, java.util.TimeZone.getTimeZone("UTC")));
    bolus.getDosage().setDose(new Quantity().setValue(10).setSystem("http://unitsofmeasure.org").setCode("[iU]"));
    assertThat(post("/fhir/MedicationAdministration", bolus, Role.INTEGRATOR).code()).isEqualTo(201);
    await().atMost(ASYNC).until(() -> ((List<Map<?, ?>>) history("p-dose").get("doses")).size() == 1);

    var withdrawn = bolus.copy().setStatus(
        org.hl7.fhir.r4.model.MedicationAdministration.MedicationAdministrationStatus.ENTEREDINERROR);
    assertThat(post("/fhir/MedicationAdministration", withdrawn, Role.INTEGRATOR).code()).isEqualTo(201);
    await().atMost(ASYNC).until(() -> ((List<Map<?, ?>>) history("p-dose").get("alerts")).stream()
        .anyMatch(a -> "DOSE_WITHDRAWN".equals(a.get("code"))
            && ((String) a.get("detail")).contains("insulin bolus 10.0 [iU]")));
    Map<?, ?> h = history("p-dose");
    assertThat((List<Map<?, ?>>) h.get("doses")).singleElement().satisfies(d -> {
      assertThat(d.get("messageId")).isEqualTo("dose-b1");
      assertThat(d.get("applied")).isEqualTo(false);
      assertThat(d.get("reason")).isEqualTo("WITHDRAWN");
    });
    Map<?, ?> renewed = pending("p-dose");
    assertThat(renewed.get("id")).isNotEqualTo(first.get("id"));
    await().atMost(ASYNC).until(() -> exchange(HttpRequest.GET("/api/v1/audit?patient=p-dose"), Role.CLINICIAN)
        .body().contains("dose.withdrawn"));
    assertThat(post("/fhir/MedicationAdministration", withdrawn, Role.INTEGRATOR).code()).as("sent again").isEqualTo(200);
    var bare = withdrawn.copy();
    bare.setDosage(null);
    assertThat(post("/fhir/MedicationAdministration", bare, Role.INTEGRATOR).code())
        .as("sent again without its dosage: the same withdrawal").isEqualTo(200);
  }

  private Map<?, ?> pending(String patientId) {
    Map<?, ?>[] list = exchange(HttpRequest.GET("/api/v1/patients/" + patientId + "/recommendations?status=PENDING"),
        Role.CLINICIAN, Map[].class).body();
    return list == null || list.length == 0 ? null : list[list.length - 1];
  }

  private Map<?, ?> history(String patientId) {
    return exchange(HttpRequest.GET("/api/v1/patients/" + patientId + "/history"), Role.CLINICIAN, Map.class).body();
  }

  private HttpResponse<String> put(String uri, IBaseResource resource) {
    return exchangeFhir(HttpRequest.PUT(uri, encode(resource)).contentType(FHIR_JSON), Role.INTEGRATOR);
  }

  @Test
  void anAcceptedProposalBecomesAnOrderBasedOnItAndTheDecisionIsAudited() {
    admit("p-ord");
    assertThat(post("/fhir/Observation", glucose("ord-1", "p-ord", 12.0), Role.INTEGRATOR).code()).isEqualTo(201);
    Bundle proposals = await().atMost(ASYNC).until(
        () -> search("/fhir/MedicationRequest?patient=p-ord&intent=proposal", Role.INTEGRATOR),
        b -> b.getTotal() == 1);
    String proposalId = proposals.getEntryFirstRep().getResource().getIdElement().getIdPart();

    exchange(HttpRequest.POST("/api/v1/patients/p-ord/recommendations/" + proposalId + "/decision",
        Map.of("decision", "ACCEPT")), Role.CLINICIAN);

    Bundle orders = search("/fhir/MedicationRequest?patient=p-ord&intent=order", Role.INTEGRATOR);
    assertThat(orders.getTotal()).isEqualTo(1);
    MedicationRequest order = (MedicationRequest) orders.getEntryFirstRep().getResource();
    assertThat(order.getBasedOnFirstRep().getReference()).isEqualTo("MedicationRequest/" + proposalId);
    assertThat(order.getRequester().getReference()).isEqualTo("Practitioner/clinician-1");
    Bundle completed = search("/fhir/MedicationRequest?patient=p-ord&intent=proposal&status=completed",
        Role.CLINICIAN);
    assertThat(completed.getTotal()).as("the accepted proposal is completed").isEqualTo(1);

    // A later order supersedes it: the first is stopped, naming the second; one stays active.
    String second = exchange(HttpRequest.POST("/api/v1/patients/p-ord/recommendations", Map.of()), Role.CLINICIAN,
        org.icutwin.server.twin.api.Views.Proposal.class).body().id();
    exchange(HttpRequest.POST("/api/v1/patients/p-ord/recommendations/" + second + "/decision",
        Map.of("decision", "MODIFY", "value", 2.0, "unit", "[iU]/h", "reason", "smaller step")), Role.CLINICIAN);
    Bundle both = search("/fhir/MedicationRequest?patient=p-ord&intent=order", Role.INTEGRATOR);
    assertThat(both.getTotal()).isEqualTo(2);
    MedicationRequest first = (MedicationRequest) both.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
        .filter(r -> r.getIdElement().getIdPart().equals(order.getIdElement().getIdPart())).findFirst().orElseThrow();
    assertThat(first.getStatus()).isEqualTo(MedicationRequest.MedicationRequestStatus.STOPPED);
    assertThat(first.getStatusReason().getText()).startsWith("superseded by order ");
    assertThat(search("/fhir/MedicationRequest?patient=p-ord&intent=order&status=active", Role.INTEGRATOR).getTotal())
        .isEqualTo(1);

    // A rejected proposal carries the clinician's reason.
    String third = exchange(HttpRequest.POST("/api/v1/patients/p-ord/recommendations", Map.of()), Role.CLINICIAN,
        org.icutwin.server.twin.api.Views.Proposal.class).body().id();
    exchange(HttpRequest.POST("/api/v1/patients/p-ord/recommendations/" + third + "/decision",
        Map.of("decision", "REJECT", "reason", "patient going to theatre")), Role.CLINICIAN);
    MedicationRequest rejected = (MedicationRequest) parser.parseResource(get("/fhir/MedicationRequest/" + third,
        Role.CLINICIAN).body());
    assertThat(rejected.getStatus()).isEqualTo(MedicationRequest.MedicationRequestStatus.CANCELLED);
    assertThat(rejected.getStatusReason().getText()).isEqualTo("rejected by a clinician: patient going to theatre");

    // A discharge stops the last order.
    exchange(HttpRequest.POST("/api/v1/patients/p-ord/discharge", Map.of()), Role.ADMIN);
    Bundle afterDischarge = search("/fhir/MedicationRequest?patient=p-ord&intent=order", Role.INTEGRATOR);
    assertThat(afterDischarge.getEntry()).extracting(e -> ((MedicationRequest) e.getResource()).getStatus())
        .containsOnly(MedicationRequest.MedicationRequestStatus.STOPPED);
    assertThat(afterDischarge.getEntry()).extracting(e -> ((MedicationRequest) e.getResource()).getStatusReason()
        .getText()).contains("the patient was discharged");

    await().atMost(ASYNC).untilAsserted(() -> assertThat(exchange(HttpRequest.GET(
        "/api/v1/audit?patient=p-ord"), Role.ADMIN).body()).contains("recommendation.accepted").contains(proposalId));
  }

  @Test
  void aRestHookSubscriberGetsTheHandshakeAndThenTheProposal() throws IOException {
    String endpoint = startReceiver();
    Subscription s = new Subscription().setStatus(Subscription.SubscriptionStatus.REQUESTED)
        .setReason("twin proposals for p-sub").setCriteria("MedicationRequest?patient=p-sub&intent=proposal");
    s.getChannel().setType(Subscription.SubscriptionChannelType.RESTHOOK).setEndpoint(endpoint)
        .setPayload(FHIR_JSON);
    HttpResponse<String> created = post("/fhir/Subscription", parser.encodeResourceToString(s), Role.INTEGRATOR);
    assertThat(created.code()).isEqualTo(201);
    String subscriptionId = parser.parseResource(created.body()).getIdElement().getIdPart();

    await().atMost(ASYNC).until(() -> notifications("handshake").size() == 1);
    await().atMost(ASYNC).until(() -> ((Subscription) parser.parseResource(get("/fhir/Subscription/"
        + subscriptionId, Role.INTEGRATOR).body())).getStatus() == Subscription.SubscriptionStatus.ACTIVE);

    admit("p-sub");
    post("/fhir/Observation", glucose("sub-1", "p-sub", 10.5), Role.DEVICE);
    Bundle notification = await().atMost(ASYNC).until(() -> notifications("event-notification"),
        list -> !list.isEmpty()).get(0);

    Bundle proposals = search("/fhir/MedicationRequest?patient=p-sub&intent=proposal", Role.INTEGRATOR);
    String proposalId = proposals.getEntryFirstRep().getResource().getIdElement().getIdPart();
    List<IBaseResource> focus = notification.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
        .filter(r -> r instanceof MedicationRequest).map(r -> (IBaseResource) r).toList();
    assertThat(focus).hasSize(1);
    assertThat(focus.get(0).getIdElement().getIdPart()).isEqualTo(proposalId);

    Bundle events = (Bundle) parser.parseResource(get("/fhir/Subscription/" + subscriptionId + "/$events",
        Role.INTEGRATOR).body());
    assertThat(events.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart()).contains(proposalId);
    assertThat(get("/fhir/Subscription/" + subscriptionId + "/$status", Role.INTEGRATOR).code()).isEqualTo(200);
    assertThat(exchangeFhir(HttpRequest.DELETE("/fhir/Subscription/" + subscriptionId), Role.INTEGRATOR).code())
        .isEqualTo(200);
    assertThat(status(HttpRequest.GET("/fhir/Subscription/" + subscriptionId), Role.INTEGRATOR)).isEqualTo(404);
  }

  @Test
  void theTwinsForecastIsARiskAssessmentPerPatient() {
    admit("p-risk");
    Bundle bundle = search("/fhir/RiskAssessment?patient=Patient/p-risk", Role.CLINICIAN);
    assertThat(bundle.getTotal()).isEqualTo(1);
    RiskAssessment ra = (RiskAssessment) bundle.getEntryFirstRep().getResource();
    assertThat(ra.getSubject().getReference()).isEqualTo("Patient/p-risk");
    assertThat(ra.getPrediction()).isNotEmpty().allSatisfy(p ->
        assertThat(p.getProbabilityDecimalType().getValue().doubleValue()).isBetween(0.0, 1.0));
    assertThat(validation.validate(bundle).errors()).isEmpty();
    assertThat(search("/fhir/RiskAssessment?patient=nobody", Role.CLINICIAN).getTotal()).isZero();
    assertThat(search("/fhir/DetectedIssue?patient=nobody", Role.INTEGRATOR).getTotal()).isZero();
  }

  @Test
  void refusalsAreOperationOutcomesWithTheirStatus() {
    admit("p-bad");
    String unknownElement = "{\"resourceType\":\"Observation\",\"status\":\"final\",\"colour\":\"red\"}";
    assertOutcome(HttpRequest.POST("/fhir/Observation", unknownElement), Role.DEVICE, 400);

    Observation noTime = glucose("bad-1", "p-bad", 8.0).setEffective(null);
    assertOutcome(HttpRequest.POST("/fhir/Observation", parser.encodeResourceToString(noTime)), Role.DEVICE, 400);
    assertOutcome(HttpRequest.POST("/fhir/Observation", encode(glucose("bad-2", "nobody", 8.0))), Role.DEVICE, 422);
    assertOutcome(HttpRequest.GET("/fhir/MedicationRequest?intent=proposal"), Role.INTEGRATOR, 400);
    assertOutcome(HttpRequest.GET("/fhir/MedicationRequest/no-such-id"), Role.INTEGRATOR, 404);
    assertOutcome(HttpRequest.GET("/fhir/MedicationRequest?patient=p-bad"), null, 401);
    assertOutcome(HttpRequest.GET("/fhir/MedicationRequest?patient=p-bad"), Role.DEVICE, 403);
    assertOutcome(HttpRequest.POST("/fhir/Observation", encode(glucose("bad-3", "p-bad", 8.0))), Role.CLINICIAN, 403);
    assertThat(applied("p-bad")).as("nothing refused reached the twin").isZero();
  }

  @Test
  void theCapabilityStatementIsPublicAndListsTheEndpoints() {
    HttpResponse<String> r = http.toBlocking().exchange(HttpRequest.GET("/fhir/metadata"), String.class);
    CapabilityStatement cs = (CapabilityStatement) parser.parseResource(r.body());
    Map<String, List<String>> interactions = new java.util.TreeMap<>();
    cs.getRestFirstRep().getResource().forEach(res -> interactions.put(res.getType(),
        res.getInteraction().stream().map(i -> i.getCode().toCode()).sorted().toList()));
    assertThat(interactions).containsEntry("Observation", List.of("create", "update"))
        .containsEntry("MedicationAdministration", List.of("create"))
        .containsEntry("MedicationRequest", List.of("read", "search-type"))
        .containsEntry("DetectedIssue", List.of("search-type"))
        .containsEntry("RiskAssessment", List.of("search-type"))
        .containsEntry("Subscription", List.of("create", "delete", "read"));
    assertThat(cs.getRestFirstRep().getInteraction()).extracting(i -> i.getCode().toCode())
        .containsExactlyInAnyOrder("transaction", "batch");
    assertThat(cs.getImplementation().getUrl()).endsWith("/fhir");
  }

  // --- helpers

  private void admit(String patientId) {
    admit(patientId, Duration.ofHours(1));
  }

  private void admit(String patientId, Duration ago) {
    Map<String, Object> body = Map.of("patientId", patientId, "model", "bergman-insulin", "careArea", "adult-icu",
        "covariates", Map.of("weightKg", 80), "initialValue", 9,
        "admittedAt", Instant.now().minus(ago).toString());
    assertThat(exchange(HttpRequest.POST("/api/v1/patients", body), Role.ADMIN).code()).isEqualTo(201);
  }

  /** A blood glucose result (LOINC 15074-8, mmol/L) taken ten minutes ago. */
  private static Observation glucose(String id, String patientId, double mmolPerL) {
    Observation o = new Observation();
    o.setId(id);
    o.setStatus(Observation.ObservationStatus.FINAL);
    o.setCode(new CodeableConcept(new Coding("http://loinc.org", "15074-8", "Glucose [Moles/volume] in Blood")));
    o.setSubject(new Reference("Patient/" + patientId));
    o.setEffective(new DateTimeType(Date.from(Instant.now().minus(10, ChronoUnit.MINUTES)),
        ca.uhn.fhir.model.api.TemporalPrecisionEnum.SECOND, java.util.TimeZone.getTimeZone("UTC")));
    o.setValue(new Quantity().setValue(mmolPerL).setUnit("mmol/L").setSystem("http://unitsofmeasure.org")
        .setCode("mmol/L"));
    return o;
  }

  private String encode(IBaseResource r) {
    return parser.encodeResourceToString(r);
  }

  private String startReceiver() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/hook", exchange -> {
      try (InputStream in = exchange.getRequestBody()) {
        received.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    receiver.start();
    return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
  }

  /** The notifications received so far of a SubscriptionStatus type (handshake, event-notification, ...). */
  private List<Bundle> notifications(String type) {
    return received.stream().map(b -> (Bundle) parser.parseResource(b)).filter(b -> {
      Parameters status = (Parameters) b.getEntryFirstRep().getResource();
      return status.getParameter().stream().anyMatch(p -> p.getName().equals("type")
          && type.equals(p.getValue().primitiveValue()));
    }).toList();
  }

  private int applied(String patientId) {
    Map<?, ?> twin = exchange(HttpRequest.GET("/api/v1/patients/" + patientId + "/twin"), Role.CLINICIAN, Map.class)
        .body();
    return ((Number) twin.get("applied")).intValue();
  }

  private Bundle search(String uri, Role role) {
    HttpResponse<String> r = get(uri, role);
    assertThat(r.code()).isEqualTo(200);
    return (Bundle) parser.parseResource(r.body());
  }

  private HttpResponse<String> get(String uri, Role role) {
    return exchangeFhir(HttpRequest.GET(uri), role);
  }

  private HttpResponse<String> post(String uri, Object resource, Role role) {
    String body = resource instanceof IBaseResource r ? encode(r) : (String) resource;
    return exchangeFhir(HttpRequest.POST(uri, body).contentType(FHIR_JSON), role);
  }

  private HttpResponse<String> exchangeFhir(MutableHttpRequest<?> request, Role role) {
    request.bearerAuth(token("tester", role));
    return http.toBlocking().exchange(request, String.class);
  }

  private HttpResponse<String> exchange(MutableHttpRequest<?> request, Role role) {
    return exchange(request, role, String.class);
  }

  private <T> HttpResponse<T> exchange(MutableHttpRequest<?> request, Role role, Class<T> type) {
    request.bearerAuth(token(role == Role.CLINICIAN ? "clinician-1" : "tester", role));
    return http.toBlocking().exchange(request, type);
  }

  private int status(MutableHttpRequest<?> request, Role role) {
    try {
      return exchangeFhir(request, role).code();
    } catch (HttpClientResponseException e) {
      return e.code();
    }
  }

  private void assertOutcome(MutableHttpRequest<?> request, Role role, int expected) {
    if (request.getBody().isPresent()) {
      request.contentType(FHIR_JSON);
    }
    if (role != null) {
      request.bearerAuth(token("tester", role));
    }
    try {
      http.toBlocking().exchange(request, Argument.STRING, Argument.STRING);
      throw new AssertionError(request.getMethod() + " " + request.getUri() + " should have been refused");
    } catch (HttpClientResponseException e) {
      assertThat(e.code()).as(request.getMethod() + " " + request.getUri()).isEqualTo(expected);
      assertThat(e.getResponse().getContentType().orElseThrow().getName()).isEqualTo(FHIR_JSON);
      String body = e.getResponse().getBody(String.class).orElseThrow();
      OperationOutcome oo = (OperationOutcome) parser.parseResource(body);
      assertThat(oo.getIssueFirstRep().getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
      assertThat(oo.getIssueFirstRep().getDiagnostics()).isNotBlank();
    }
  }
}
