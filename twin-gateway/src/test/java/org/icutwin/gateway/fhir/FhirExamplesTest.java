package org.icutwin.gateway.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.icutwin.gateway.ingest.AdministrationRecord;
import org.icutwin.gateway.ingest.CodeTable;
import org.icutwin.gateway.ingest.ObservationRecord;
import org.icutwin.gateway.ingest.RejectReason;
import org.icutwin.gateway.ingest.Revision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** HL7's published R4 examples and malformed payloads through the whole write path. */
class FhirExamplesTest {

  final FhirFixtures.Stores stores = new FhirFixtures.Stores();
  final OperationOutcomes outcomes = new OperationOutcomes(FhirFixtures.CONTEXT);
  final FhirIngestReader reader = new FhirIngestReader(FhirFixtures.CONTEXT, CodeTable.standard());
  final FhirIngest ingest = new FhirIngest(reader, FhirFixtures.validation(),
      FhirFixtures.normaliser(FhirFixtures.directories()), stores, stores, outcomes,
      Clock.fixed(FhirFixtures.NOW, ZoneOffset.UTC));

  static OperationOutcome outcome(FhirResponse r) {
    return FhirFixtures.CONTEXT.newJsonParser().parseResource(OperationOutcome.class, r.body());
  }

  static String diagnostics(FhirResponse r) {
    return String.join(" | ", outcome(r).getIssue().stream().map(OperationOutcome.OperationOutcomeIssueComponent::getDiagnostics).toList());
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void glucoseLabResultIsRecordedInMmolPerLitreWithAndWithoutValidation(boolean validate) {
    FhirResponse r = ingest.create("Observation", FhirFixtures.example("observation-example-f001-glucose.json"), validate);

    assertThat(r.status()).as(r.body()).isEqualTo(201);
    ObservationRecord rec = (ObservationRecord) stores.items.get("f001");
    assertThat(rec.patientId()).isEqualTo("f001");
    assertThat(rec.quantity()).isEqualTo("glucose");
    assertThat(rec.value()).isCloseTo(6.3, within(1e-12));
    assertThat(rec.unit()).isEqualTo("mmol/L");
    assertThat(rec.sensorClass()).isEqualTo("lab");
    assertThat(rec.effectiveTime()).isEqualTo(Instant.parse("2013-04-02T08:30:10Z"));
    assertThat(outcome(r).getIssueFirstRep().getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.INFORMATION);
  }

  @Test
  void oxygenSaturationVitalSignPassesTheVitalSignsProfileAndIsReadByItsPulseOximetryCode() {
    FhirResponse r = ingest.create("Observation", FhirFixtures.example("observation-example-satO2.json"), true);

    assertThat(r.status()).as(r.body()).isEqualTo(201);
    ObservationRecord rec = (ObservationRecord) stores.items.get("satO2");
    assertThat(rec.quantity()).isEqualTo("spo2");
    assertThat(rec.code().code()).isEqualTo("59408-5");
    assertThat(rec.value()).isEqualTo(95.0);
    assertThat(rec.deviceId()).as("a DeviceMetric reference is not a device id").isEqualTo("unspecified");
    assertThat(rec.effectiveTime()).isEqualTo(Instant.parse("2014-12-05T08:30:10Z"));
  }

  @Test
  void heartRateExampleWithADateOnlyTimeIsRefusedBecauseADateCannotPlaceASample() {
    FhirResponse r = ingest.create("Observation", FhirFixtures.example("observation-example-heart-rate.json"), true);

    assertThat(r.status()).isEqualTo(400);
    assertThat(diagnostics(r)).contains("SCHEMA_VIOLATION", "Observation.effectiveDateTime", "1999-07-02");
    assertThat(stores.items).isEmpty();
    assertThat(stores.deadLetters).singleElement()
        .satisfies(d -> assertThat(d.rejection().reason()).isEqualTo(RejectReason.SCHEMA_VIOLATION));
  }

  @Test
  void heartRateExampleWithAFullTimeIsRecorded() {
    Observation hr = (Observation) parse(FhirFixtures.example("observation-example-heart-rate.json"));
    hr.setEffective(new DateTimeType("2026-11-22T09:59:00Z"));

    FhirResponse r = ingest.create("Observation", encode(hr), true);

    assertThat(r.status()).as(r.body()).isEqualTo(201);
    assertThat(((ObservationRecord) stores.items.get("heart-rate")).value()).isEqualTo(44.0);
  }

  @Test
  void bloodPressurePanelWithoutAMeanPressureComponentIsRefusedAsUnknownCode() {
    Observation bp = (Observation) parse(FhirFixtures.example("observation-example-bloodpressure.json"));
    bp.setEffective(new DateTimeType("2026-11-22T09:59:00Z"));

    FhirResponse r = ingest.create("Observation", encode(bp), true);

    assertThat(r.status()).isEqualTo(422);
    OperationOutcome.OperationOutcomeIssueComponent issue = outcome(r).getIssueFirstRep();
    assertThat(issue.getCode()).isEqualTo(OperationOutcome.IssueType.CODEINVALID);
    assertThat(issue.getDiagnostics()).contains("UNKNOWN_CODE", "8480-6", "8462-4");
    assertThat(issue.getExpression()).extracting(Object::toString).containsExactly("Observation.code");
  }

  @Test
  void vancomycinAdministrationCodedInNdcIsRefusedAsUnknownDrug() {
    FhirResponse r = ingest.create("MedicationAdministration",
        FhirFixtures.example("medicationadministration0301.json"), true);

    assertThat(r.status()).isEqualTo(422);
    OperationOutcome.OperationOutcomeIssueComponent issue = outcome(r).getIssueFirstRep();
    assertThat(issue.getCode()).isEqualTo(OperationOutcome.IssueType.CODEINVALID);
    assertThat(issue.getDiagnostics()).contains("UNKNOWN_DRUG", "0409-6531-02");
    assertThat(issue.getExpression()).extracting(Object::toString)
        .containsExactly("MedicationAdministration.medication");
  }

  @Test
  void vancomycinAdministrationCodedInRxNormIsABolusBasedOnItsRequest() {
    MedicationAdministration ma = (MedicationAdministration) parse(
        FhirFixtures.example("medicationadministration0301.json"));
    Medication med = (Medication) ma.getContained().get(0);
    med.getCode().getCoding().add(new Coding(DrugCodes.RXNORM, "11124", "vancomycin"));

    FhirResponse r = ingest.create("MedicationAdministration", encode(ma), true);

    assertThat(r.status()).as(r.body()).isEqualTo(201);
    AdministrationRecord rec = (AdministrationRecord) stores.items.get("medadmin0301");
    assertThat(rec.drug()).isEqualTo("vancomycin");
    assertThat(rec.kind()).isEqualTo(AdministrationRecord.Kind.BOLUS);
    assertThat(rec.amount()).isEqualTo(500.0);
    assertThat(rec.unit()).isEqualTo("mg");
    assertThat(rec.patientId()).isEqualTo("pat1");
    assertThat(rec.basedOn()).isEqualTo("medrx0318");
    assertThat(rec.effectiveTime()).isEqualTo(Instant.parse("2015-01-15T13:30:00Z"));
  }

  @Test
  void repostingARecordedResourceIsIdempotent() {
    String json = FhirFixtures.example("observation-example-f001-glucose.json");
    assertThat(ingest.create("Observation", json, false).status()).isEqualTo(201);

    FhirResponse again = ingest.create("Observation", json, false);

    assertThat(again.status()).isEqualTo(200);
    assertThat(diagnostics(again)).contains("already recorded");
    assertThat(stores.items).hasSize(1);
  }

  @Test
  void anotherValueUnderARecordedIdIsA409ConflictAndTheFirstValueStays() {
    Observation first = (Observation) parse(FhirFixtures.example("observation-example-f001-glucose.json"));
    assertThat(ingest.create("Observation", encode(first), false).status()).isEqualTo(201);
    Observation corrected = first.copy();
    corrected.getValueQuantity().setValue(3.1);

    FhirResponse r = ingest.create("Observation", encode(corrected), false);

    assertRefused(r, 409, OperationOutcome.IssueType.DUPLICATE, "ID_CONFLICT", "f001", "different content");
    assertThat(((ObservationRecord) stores.items.get("f001")).value()).isCloseTo(6.3, within(1e-12));
    assertThat(stores.deadLetters).singleElement()
        .satisfies(d -> assertThat(d.rejection().reason()).isEqualTo(RejectReason.ID_CONFLICT));

    Observation fresh = first.copy();
    fresh.setId("f002");
    Bundle txn = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    txn.addEntry().setResource(fresh).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
    txn.addEntry().setResource(corrected).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
    assertRefused(ingest.bundle(encode(txn), false), 409, OperationOutcome.IssueType.DUPLICATE, "ID_CONFLICT");
    assertThat(stores.items).as("a transaction with a conflict records nothing").containsOnlyKeys("f001");

    Bundle batch = txn.copy().setType(Bundle.BundleType.BATCH);
    FhirResponse b = ingest.bundle(encode(batch), false);
    Bundle response = FhirFixtures.CONTEXT.newJsonParser().parseResource(Bundle.class, b.body());
    assertThat(response.getEntry()).extracting(e -> e.getResponse().getStatus())
        .containsExactly("201 Created", "409 Conflict");
    assertThat(stores.items).containsOnlyKeys("f001", "f002");
    assertThat(((ObservationRecord) stores.items.get("f001")).value()).isCloseTo(6.3, within(1e-12));
  }

  @Test
  void malformedPayloadsAreRefusedWithTheParsersMessage() {
    assertRefused(ingest.create("Observation", "{\"resourceType\": \"Observation\",", false), 400,
        OperationOutcome.IssueType.STRUCTURE, "MALFORMED_JSON");
    assertRefused(ingest.create("Observation", "[1, 2]", false), 400, OperationOutcome.IssueType.STRUCTURE,
        "MALFORMED_JSON", "not a JSON object");
    assertRefused(ingest.create("Observation", "{\"status\": \"final\"}", false), 400,
        OperationOutcome.IssueType.STRUCTURE, "INVALID_FHIR", "resourceType");
    assertRefused(ingest.create("Observation", "{\"resourceType\": \"Observation\", \"status\": \"final\", "
        + "\"colour\": \"blue\"}", false), 400, OperationOutcome.IssueType.STRUCTURE, "INVALID_FHIR", "colour");
    assertRefused(ingest.create("Observation", "{\"resourceType\": \"Observation\", \"status\": \"final\", "
        + "\"valueQuantity\": {\"value\": \"six\"}}", false), 400, OperationOutcome.IssueType.STRUCTURE,
        "INVALID_FHIR", "six");
    assertRefused(ingest.create("Observation", "{\"resourceType\": \"Patient\", \"id\": \"x\"}", false), 400,
        OperationOutcome.IssueType.INVALID, "SCHEMA_VIOLATION", "Patient");
    assertThat(stores.deadLetters).hasSize(6);
    assertThat(stores.items).isEmpty();
  }

  /**
   * A laboratory reissues a result by PUT under its id: corrected or amended is recorded as a
   * correction of the first, once per distinct correction; entered-in-error withdraws it and needs
   * no value. Each revision is its own inbox item naming the id it revises.
   */
  @Test
  void correctedAndEnteredInErrorResultsAreRecordedAsRevisionsOfTheFirst() {
    Observation first = (Observation) parse(FhirFixtures.example("observation-example-f001-glucose.json"));
    assertThat(ingest.create("Observation", encode(first), false).status()).isEqualTo(201);

    Observation corrected = first.copy().setStatus(Observation.ObservationStatus.CORRECTED);
    corrected.getValueQuantity().setValue(5.9);
    FhirResponse r = ingest.update("Observation", "f001", encode(corrected), true);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    assertThat(ingest.update("Observation", "f001", encode(corrected), false).status()).as("a re-sent correction")
        .isEqualTo(200);
    Observation amended = corrected.copy().setStatus(Observation.ObservationStatus.AMENDED);
    amended.getValueQuantity().setValue(6.0);
    assertThat(ingest.update("Observation", "f001", encode(amended), false).status()).isEqualTo(201);
    assertThat(stores.items.values()).filteredOn(i -> i instanceof ObservationRecord o && o.revises() != null)
        .extracting(i -> ((ObservationRecord) i).value()).containsExactlyInAnyOrder(5.9, 6.0);
    ObservationRecord c = stores.items.values().stream().map(ObservationRecord.class::cast)
        .filter(o -> o.value() == 5.9).findFirst().orElseThrow();
    assertThat(c.revision()).isEqualTo(Revision.CORRECTION);
    assertThat(c.revises()).isEqualTo("f001");
    assertThat(c.messageId()).startsWith("f001#corrected:").isNotEqualTo("f001");
    assertThat(((ObservationRecord) stores.items.get("f001")).value()).as("the first stays as sent").isEqualTo(6.3);

    Observation withdrawn = first.copy().setStatus(Observation.ObservationStatus.ENTEREDINERROR);
    withdrawn.setValue(null);
    Bundle txn = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    txn.addEntry().setResource(withdrawn).getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl("Observation/f001");
    FhirResponse w = ingest.bundle(encode(txn), true);
    assertThat(w.status()).as(w.body()).isEqualTo(200);
    ObservationRecord wd = (ObservationRecord) stores.items.get("f001#entered-in-error");
    assertThat(wd.revision()).isEqualTo(Revision.WITHDRAWAL);
    assertThat(wd.revises()).isEqualTo("f001");
    assertThat(wd.quantity()).isEqualTo("glucose");

    Bundle misnamed = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    misnamed.addEntry().setResource(corrected).getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl("Observation/f007");
    assertRefused(ingest.bundle(encode(misnamed), false), 400, OperationOutcome.IssueType.INVALID, "SCHEMA_VIOLATION",
        "entry.request.url of a PUT must be 'Observation/f001'");

    Observation other = corrected.copy();
    other.setId("f009");
    assertRefused(ingest.update("Observation", "f001", encode(other), false), 400,
        OperationOutcome.IssueType.INVALID, "SCHEMA_VIOLATION", "f009", "must equal the id in the URL");
    Bundle putDose = new Bundle().setType(Bundle.BundleType.BATCH);
    putDose.addEntry().setResource(parse(FhirFixtures.example("medicationadministration0301.json")))
        .getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl("MedicationAdministration/x");
    FhirResponse pd = ingest.bundle(encode(putDose), false);
    assertThat(pd.body()).contains("POST, or PUT of an Observation");
  }

  @Test
  void wellFormedButUnusableObservationsGetTheirOwnReasons() {
    Observation base = (Observation) parse(FhirFixtures.example("observation-example-f001-glucose.json"));

    Observation cancelled = base.copy().setStatus(Observation.ObservationStatus.CANCELLED);
    assertRefused(ingest.create("Observation", encode(cancelled), false), 422,
        OperationOutcome.IssueType.NOTSUPPORTED, "UNSUPPORTED_RESOURCE", "cancelled");

    Observation absent = base.copy();
    absent.setValue(null);
    absent.getDataAbsentReason().addCoding(new Coding(
        "http://terminology.hl7.org/CodeSystem/data-absent-reason", "error", "Error"));
    assertRefused(ingest.create("Observation", encode(absent), true), 422,
        OperationOutcome.IssueType.NOTSUPPORTED, "UNSUPPORTED_RESOURCE", "dataAbsentReason error");

    Observation stranger = base.copy();
    stranger.getSubject().setReference("Patient/nobody");
    FhirResponse r = ingest.create("Observation", encode(stranger), false);
    assertRefused(r, 422, OperationOutcome.IssueType.NOTFOUND, "UNKNOWN_PATIENT", "nobody");
    assertThat(outcome(r).getIssueFirstRep().getExpression()).extracting(Object::toString)
        .containsExactly("Observation.subject");

    Observation huge = base.copy();
    huge.getValueQuantity().setValue(900);
    r = ingest.create("Observation", encode(huge), false);
    assertRefused(r, 422, OperationOutcome.IssueType.BUSINESSRULE, "OUT_OF_RANGE", "900");
    assertThat(outcome(r).getIssueFirstRep().getExpression()).extracting(Object::toString)
        .containsExactly("Observation.value.ofType(Quantity).value");

    Observation wrongUnit = base.copy();
    wrongUnit.getValueQuantity().setCode("mm[Hg]");
    assertRefused(ingest.create("Observation", encode(wrongUnit), false), 422, OperationOutcome.IssueType.VALUE,
        "WRONG_UNIT");
    assertThat(stores.items).isEmpty();
  }

  @Test
  void validatorErrorsRefuseWithTheirMessagesAndLocations() {
    Observation noCode = (Observation) parse(FhirFixtures.example("observation-example-f001-glucose.json"));
    noCode.setCode(null);

    FhirResponse r = ingest.create("Observation", encode(noCode), true);

    assertThat(r.status()).isEqualTo(400);
    assertThat(outcome(r).getIssue()).anySatisfy(i -> {
      assertThat(i.getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
      assertThat(i.getExpression()).extracting(Object::toString).anyMatch(e -> e.startsWith("Observation"));
      assertThat(i.getDiagnostics()).containsIgnoringCase("Observation.code");
    });
    assertThat(stores.deadLetters).singleElement()
        .satisfies(d -> assertThat(d.rejection().reason()).isEqualTo(RejectReason.INVALID_FHIR));
  }

  @Test
  void theVitalSignsProfileBindsOnlyObservationsThatClaimTheCategory() {
    Observation hr = (Observation) parse(FhirFixtures.example("observation-example-heart-rate.json"));
    hr.getMeta().getProfile().clear();
    hr.setEffective(new DateTimeType("2026-11-22T09:59:00Z"));
    hr.setSubject(null);
    hr.getDevice().setReference("Device/monitor-1");

    Observation plain = hr.copy();
    plain.getCategory().clear();
    assertThat(ingest.create("Observation", encode(plain), true).status()).as("no category: base R4 only")
        .isEqualTo(201);

    FhirResponse r = ingest.create("Observation", encode(hr.setId("hr-2")), true);
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(diagnostics(r)).contains("vitalsigns");
  }

  @Test
  void batchAnswersEntryByEntryAndTransactionIsAllOrNothing() {
    Observation good = (Observation) parse(FhirFixtures.example("observation-example-f001-glucose.json"));
    Observation unknown = good.copy();
    unknown.setId("other");
    unknown.getCode().getCodingFirstRep().setCode("0000-0");
    Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
    batch.addEntry().setResource(good).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
    batch.addEntry().setResource(unknown).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");

    Bundle txn = batch.copy().setType(Bundle.BundleType.TRANSACTION);
    FhirResponse refused = ingest.bundle(encode(txn), true);
    assertThat(refused.status()).isEqualTo(422);
    assertThat(outcome(refused).getIssueFirstRep().getExpression()).extracting(Object::toString)
        .containsExactly("Bundle.entry[1].resource.code");
    assertThat(stores.items).as("a refused transaction records nothing").isEmpty();

    FhirResponse r = ingest.bundle(encode(batch), true);
    assertThat(r.status()).isEqualTo(200);
    Bundle response = FhirFixtures.CONTEXT.newJsonParser().parseResource(Bundle.class, r.body());
    assertThat(response.getType()).isEqualTo(Bundle.BundleType.BATCHRESPONSE);
    assertThat(response.getEntry()).extracting(e -> e.getResponse().getStatus())
        .containsExactly("201 Created", "422 Unprocessable Entity");
    assertThat(stores.items).containsOnlyKeys("f001");

    Bundle allGood = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    allGood.addEntry().setResource(good.copy().setId("a")).getRequest().setMethod(Bundle.HTTPVerb.POST);
    allGood.addEntry().setResource(good.copy().setId("b")).getRequest().setMethod(Bundle.HTTPVerb.POST);
    FhirResponse ok = ingest.bundle(encode(allGood), false);
    assertThat(ok.status()).isEqualTo(200);
    assertThat(FhirFixtures.CONTEXT.newJsonParser().parseResource(Bundle.class, ok.body()).getType())
        .isEqualTo(Bundle.BundleType.TRANSACTIONRESPONSE);
    assertThat(stores.items).containsOnlyKeys("f001", "a", "b");
  }

  @Test
  void bundlesOfOtherTypesAreNotTaken() {
    Bundle collection = new Bundle().setType(Bundle.BundleType.COLLECTION);
    assertRefused(ingest.bundle(encode(collection), false), 422, OperationOutcome.IssueType.NOTSUPPORTED,
        "UNSUPPORTED_RESOURCE", "collection");
  }

  static void assertRefused(FhirResponse r, int status, OperationOutcome.IssueType type, String... fragments) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    OperationOutcome oo = outcome(r);
    assertThat(oo.getIssueFirstRep().getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
    assertThat(oo.getIssueFirstRep().getCode()).isEqualTo(type);
    assertThat(oo.getIssueFirstRep().getDiagnostics()).contains(fragments);
  }

  static org.hl7.fhir.r4.model.Resource parse(String json) {
    return (org.hl7.fhir.r4.model.Resource) FhirFixtures.CONTEXT.newJsonParser().parseResource(json);
  }

  static String encode(org.hl7.fhir.instance.model.api.IBaseResource r) {
    return FhirFixtures.CONTEXT.newJsonParser().encodeResourceToString(r);
  }
}
