package org.icutwin.gateway.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.icutwin.gateway.ingest.CodeRef;
import org.junit.jupiter.api.Test;

/** Every generated resource carries what the documents say and validates with zero errors. */
class FhirOutTest {

  static final Instant T = Instant.parse("2026-11-22T10:00:00Z");
  final FhirOutMapper mapper = new FhirOutMapper();

  static ProposalDocument insulinProposal() {
    return new ProposalDocument("prop-1", "p1", "insulin", "Insulin regular (human)",
        ProposalDocument.DoseKind.RATE, 3.5, "[iU]/h", T, T.plusSeconds(3600),
        List.of(new ProposalDocument.Reason("glucose-above-band", "glucose 11.2 mmol/L above 4.4-8.0 mmol/L")),
        List.of("obs-17", "obs-18"),
        new ProposalDocument.PredictedRange("glucose", 6.1, 8.0, "mmol/L", T.plusSeconds(7200)),
        "bergman-insulin", "1.2.0", "twin-p1");
  }

  static void assertValid(IBaseResource r) {
    FhirValidation.Result result = FhirFixtures.validation().validate(r);
    assertThat(result.errors()).as(() -> r.fhirType() + ": " + result.errorSummary()).isEmpty();
  }

  @Test
  void proposalIsAnActiveMedicationRequestWithIntentProposalRequestedByTheTwin() {
    MedicationRequest mr = mapper.proposal(insulinProposal());

    assertValid(mr);
    assertThat(mr.getIntent()).isEqualTo(MedicationRequest.MedicationRequestIntent.PROPOSAL);
    assertThat(mr.getStatus()).isEqualTo(MedicationRequest.MedicationRequestStatus.ACTIVE);
    assertThat(mr.getRequester().getReference()).isEqualTo("Device/twin-p1");
    assertThat(mr.getReasonReference()).extracting(Reference::getReference)
        .containsExactly("Observation/obs-17", "Observation/obs-18");
    assertThat(mr.getReasonCodeFirstRep().getCodingFirstRep().getCode()).isEqualTo("glucose-above-band");
    Quantity rate = mr.getDosageInstructionFirstRep().getDoseAndRateFirstRep().getRateQuantity();
    assertThat(rate.getValue().doubleValue()).isEqualTo(3.5);
    assertThat(rate.getSystem()).isEqualTo("http://unitsofmeasure.org");
    assertThat(rate.getCode()).isEqualTo("[iU]/h");
    assertThat(mr.getMedicationCodeableConcept().getCodingFirstRep().getCode()).isEqualTo("5856");
    assertThat(mr.getAuthoredOnElement().getValue().toInstant()).isEqualTo(T);
    assertThat(mr.getDispenseRequest().getValidityPeriod().getEnd().toInstant()).isEqualTo(T.plusSeconds(3600));
    assertThat(mr.getNoteFirstRep().getText()).contains("6.10 to 8.00 mmol/L");
    assertThat(FhirOutMapper.sig3(11.55153231804306)).isEqualTo("11.6");
    assertThat(FhirOutMapper.sig3(512.4)).isEqualTo("512");
    assertThat(FhirOutMapper.sig3(0.04523)).isEqualTo("0.045");
  }

  @Test
  void orderIsBasedOnTheProposalAndRequestedByThePractitioner() {
    OrderDocument order = new OrderDocument("ord-1", "prop-1", "p1", "vancomycin", "Vancomycin",
        ProposalDocument.DoseKind.DOSE, OrderDocument.Decision.MODIFY, "dr-7", 1250, "mg", T.plusSeconds(60),
        "renal function worsening");

    MedicationRequest mr = mapper.order(order);

    assertValid(mr);
    assertThat(mr.getIntent()).isEqualTo(MedicationRequest.MedicationRequestIntent.ORDER);
    assertThat(mr.getBasedOnFirstRep().getReference()).isEqualTo("MedicationRequest/prop-1");
    assertThat(mr.getRequester().getReference()).isEqualTo("Practitioner/dr-7");
    assertThat(mr.getDosageInstructionFirstRep().getDoseAndRateFirstRep().getDoseQuantity().getCode()).isEqualTo("mg");
    assertThat(mr.getNoteFirstRep().getText()).contains("modified", "renal");
  }

  @Test
  void safetyAlertIsADetectedIssueAuthoredByTheTwin() {
    DetectedIssue di = mapper.alert(new AlertDocument("al-1", "p1", "hypoglycaemia-predicted",
        "Hypoglycaemia predicted", "P(glucose < 4.0 mmol/L within 2 h) = 0.31", AlertDocument.Severity.HIGH, T,
        List.of("MedicationRequest/prop-1"), "twin-p1"));

    assertValid(di);
    assertThat(di.getSeverity()).isEqualTo(DetectedIssue.DetectedIssueSeverity.HIGH);
    assertThat(di.getImplicatedFirstRep().getReference()).isEqualTo("MedicationRequest/prop-1");
    assertThat(di.getAuthor().getReference()).isEqualTo("Device/twin-p1");
    assertThat(di.hasMitigation()).isFalse();

    DetectedIssue acked = mapper.alert(new AlertDocument("al-1", "p1", "hypoglycaemia-predicted",
        "Hypoglycaemia predicted", "P(glucose < 4.0 mmol/L within 2 h) = 0.31", AlertDocument.Severity.HIGH, T,
        List.of(), "twin-p1", new AlertDocument.Acknowledgement("dr-lee", T.plusSeconds(120), "feed restarted")));
    assertValid(acked);
    assertThat(acked.getMitigationFirstRep().getAction().getCodingFirstRep().getCode()).isEqualTo("acknowledged");
    assertThat(acked.getMitigationFirstRep().getAction().getText()).isEqualTo("feed restarted");
    assertThat(acked.getMitigationFirstRep().getAuthor().getDisplay()).isEqualTo("dr-lee");
    assertThat(acked.getMitigationFirstRep().getDateElement().getValue()).isEqualTo(java.util.Date.from(
        T.plusSeconds(120)));
  }

  /** Item ids of components and revisions point at the Observation resource they came from, never past a '#'. */
  @Test
  void itemIdsReferToTheirObservationResource() {
    assertThat(FhirOutMapper.observation("g5").getReference()).isEqualTo("Observation/g5");
    assertThat(FhirOutMapper.observation("g5#corrected:93a9e1").getReference()).isEqualTo("Observation/g5");
    assertThat(FhirOutMapper.observation("bp-1#8478-0").getReference()).isEqualTo("Observation/bp-1");
  }

  @Test
  void forecastIsARiskAssessmentWithOneProbabilityPerTime() {
    ForecastDocument f = new ForecastDocument("fc-1", "p1", CodeRef.loinc("15074-8"), "Glucose", "mmol/L", 4.4, 8.0, T,
        List.of(new ForecastDocument.Point(T.plusSeconds(3600), 7.1, 5.9, 8.6, 0.12),
            new ForecastDocument.Point(T.plusSeconds(7200), 7.4, 5.6, 9.5, 0.27)),
        List.of("obs-18"), "bergman-insulin", "1.2.0", "twin-p1");

    RiskAssessment ra = mapper.forecast(f);

    assertValid(ra);
    assertThat(ra.getPrediction()).hasSize(2);
    assertThat(ra.getPrediction().get(1).getProbabilityDecimalType().getValueAsNumber().doubleValue())
        .isEqualTo(0.27);
    assertThat(ra.getPrediction().get(1).getRationale()).contains("7.4", "5.6", "9.5");
    assertThat(ra.getBasisFirstRep().getReference()).isEqualTo("Observation/obs-18");
    assertValid(mapper.provenance(f));
  }

  @Test
  void provenanceNamesTheModelVersionAndTheInputs() {
    Provenance pv = mapper.provenance(insulinProposal());

    assertValid(pv);
    assertThat(pv.getTargetFirstRep().getReference()).isEqualTo("MedicationRequest/prop-1");
    assertThat(pv.getAgentFirstRep().getRoleFirstRep().getText()).contains("bergman-insulin", "1.2.0");
    assertThat(pv.getEntity()).extracting(e -> e.getWhat().getReference())
        .containsExactly("Observation/obs-17", "Observation/obs-18");
  }

  @Test
  void theTwinIsADeviceWithItsModelVersion() {
    Device d = mapper.twinDevice(new TwinDeviceDocument("twin-p1", "p1", "bergman-insulin", "1.2.0", "0.1.0"));

    assertValid(d);
    assertThat(d.getVersion()).extracting(Device.DeviceVersionComponent::getValue).containsExactly("1.2.0", "0.1.0");
    assertThat(d.getPatient().getReference()).isEqualTo("Patient/p1");
  }

  @Test
  void notificationBundlesValidateAgainstBaseR4() {
    var sub = new org.icutwin.gateway.subscription.CanonicalSubscription("s1",
        new org.icutwin.gateway.subscription.CanonicalSubscription.Criteria("MedicationRequest",
            java.util.Map.of("patient", "p1")), java.net.URI.create("http://127.0.0.1:9/hook"),
        org.icutwin.gateway.subscription.CanonicalSubscription.Content.FULL_RESOURCE, List.of(), null);
    var state = new org.icutwin.gateway.subscription.SubscriptionState("s1", "{}",
        org.icutwin.gateway.subscription.SubscriptionStatus.ACTIVE, null, 7, 6, 0, null, T, T);
    String focus = FhirFixtures.CONTEXT.newJsonParser().encodeResourceToString(mapper.proposal(insulinProposal()));
    var event = new org.icutwin.gateway.subscription.SubscriptionEvent("s1", 7, T, "MedicationRequest", "prop-1",
        focus);
    var bundles = new org.icutwin.gateway.subscription.NotificationBundles(FhirFixtures.CONTEXT,
        "http://127.0.0.1:8080/fhir");

    String json = bundles.notification(sub, state,
        org.icutwin.gateway.subscription.NotificationBundles.Type.EVENT_NOTIFICATION, List.of(event), T);

    assertValid(FhirFixtures.CONTEXT.newJsonParser().parseResource(json));
    assertValid(FhirFixtures.CONTEXT.newJsonParser().parseResource(bundles.statusSearch(sub, state, T)));
  }

  @Test
  void capabilityStatementListsExactlyWhatTheDescriptionExposes() {
    CapabilityStatement cs = new CapabilityStatementFactory().build(
        ServerDescription.icutwin("0.1.0", "http://127.0.0.1:8080/fhir", T));

    assertValid(cs);
    CapabilityStatement.CapabilityStatementRestComponent rest = cs.getRestFirstRep();
    assertThat(rest.getResource()).extracting(r -> r.getType()).containsExactly("Observation",
        "MedicationAdministration", "MedicationRequest", "DetectedIssue", "RiskAssessment", "Subscription");
    CapabilityStatement.CapabilityStatementRestResourceComponent mr = rest.getResource().get(2);
    assertThat(mr.getInteraction()).extracting(i -> i.getCode().toCode()).containsExactly("read", "search-type");
    assertThat(mr.getSearchParam()).extracting(p -> p.getName()).containsExactly("patient", "intent", "status");
    assertThat(rest.getResource().get(0).getInteraction()).extracting(i -> i.getCode().toCode())
        .containsExactly("create", "update");
    assertThat(rest.getResource().get(5).getOperation()).extracting(o -> o.getName())
        .containsExactly("status", "events");
    assertThat(rest.getInteraction()).extracting(i -> i.getCode().toCode()).containsExactly("transaction", "batch");
  }
}
