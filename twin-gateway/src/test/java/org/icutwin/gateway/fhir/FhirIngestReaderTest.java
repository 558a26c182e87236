package org.icutwin.gateway.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Ratio;
import org.hl7.fhir.r4.model.Reference;
import org.icutwin.gateway.ingest.AdministrationRecord.Kind;
import org.icutwin.gateway.ingest.CodeRef;
import org.icutwin.gateway.ingest.CodeTable;
import org.icutwin.gateway.ingest.RawAdministration;
import org.icutwin.gateway.ingest.RawItem;
import org.icutwin.gateway.ingest.RawObservation;
import org.icutwin.gateway.ingest.RejectReason;
import org.icutwin.gateway.ingest.RejectedException;
import org.icutwin.gateway.ingest.Source;
import org.junit.jupiter.api.Test;

/** What the reader takes from each FHIR element, without validation or directories. */
class FhirIngestReaderTest {

  final FhirIngestReader reader = new FhirIngestReader(FhirFixtures.CONTEXT, CodeTable.standard());

  static Observation glucose() {
    Observation o = new Observation().setStatus(Observation.ObservationStatus.FINAL);
    o.getCode().addCoding(new Coding(CodeRef.LOINC, "2339-0", null));
    o.setSubject(new Reference("Patient/p1"));
    o.setEffective(new DateTimeType("2026-11-22T09:00:00+01:00"));
    o.setValue(new Quantity().setValue(5).setSystem(FhirValues.UCUM).setCode("mg/dL").setUnit("milligram per dl"));
    return o;
  }

  List<RawItem> read(org.hl7.fhir.r4.model.Resource r, String device) throws RejectedException {
    return reader.read(FhirFixtures.CONTEXT.newJsonParser().encodeResourceToString(r), device, Source.MQTT);
  }

  static RejectReason reason(ThrowingCall call) {
    try {
      call.run();
    } catch (RejectedException e) {
      return e.rejection().reason();
    }
    throw new AssertionError("expected a rejection");
  }

  interface ThrowingCall {
    void run() throws RejectedException;
  }

  @Test
  void ucumCodeIsPreferredOverUnitTextAndTheComparatorLessThanMarksALimitOfQuantification() throws Exception {
    Observation o = glucose();
    o.getValueQuantity().setComparator(Quantity.QuantityComparator.LESS_THAN);
    o.addIdentifier(new Identifier().setSystem("urn:lab").setValue("77"));

    RawObservation raw = (RawObservation) read(o, null).get(0);

    assertThat(raw.unit()).isEqualTo("mg/dL");
    assertThat(raw.belowLoq()).isTrue();
    assertThat(raw.value()).isEqualTo(5.0);
    assertThat(raw.patientId()).isEqualTo("p1");
    assertThat(raw.messageId()).as("no id: the first identifier").isEqualTo("urn:lab|77");
    assertThat(raw.effectiveTime()).isEqualTo(java.time.Instant.parse("2026-11-22T08:00:00Z"));
  }

  @Test
  void unitTextIsUsedWhenNoUcumCodeIsGivenAndOtherUnitSystemsAreRefused() throws Exception {
    Observation o = glucose();
    o.getValueQuantity().setSystem(null).setCode(null).setUnit("mmol/L");
    assertThat(((RawObservation) read(o, null).get(0)).unit()).isEqualTo("mmol/L");

    o.getValueQuantity().setSystem("http://snomed.info/sct").setCode("258813002");
    assertThat(reason(() -> read(o, null))).isEqualTo(RejectReason.UNKNOWN_UNIT);
  }

  @Test
  void greaterThanComparatorsAndOtherValueTypesGiveNoUsableNumber() {
    Observation above = glucose();
    above.getValueQuantity().setComparator(Quantity.QuantityComparator.GREATER_THAN);
    assertThat(reason(() -> read(above, null))).isEqualTo(RejectReason.UNSUPPORTED_RESOURCE);

    Observation text = glucose().setValue(new org.hl7.fhir.r4.model.StringType("high"));
    assertThat(reason(() -> read(text, null))).isEqualTo(RejectReason.UNSUPPORTED_RESOURCE);

    Observation none = glucose().setValue(null);
    assertThat(reason(() -> read(none, null))).isEqualTo(RejectReason.SCHEMA_VIOLATION);
  }

  @Test
  void effectiveInstantAndPeriodStartAreReadAndPreliminaryIsAccepted() throws Exception {
    Observation o = glucose().setStatus(Observation.ObservationStatus.PRELIMINARY);
    o.setEffective(new org.hl7.fhir.r4.model.InstantType("2026-11-22T09:30:00.250Z"));
    assertThat(((RawObservation) read(o, null).get(0)).effectiveTime())
        .isEqualTo(java.time.Instant.parse("2026-11-22T09:30:00.250Z"));

    o.setEffective(new org.hl7.fhir.r4.model.Period().setStartElement(new DateTimeType("2026-11-22T09:31:00Z")));
    assertThat(((RawObservation) read(o, null).get(0)).effectiveTime())
        .isEqualTo(java.time.Instant.parse("2026-11-22T09:31:00Z"));

    Observation cancelled = glucose().setStatus(Observation.ObservationStatus.CANCELLED);
    assertThat(reason(() -> read(cancelled, null))).isEqualTo(RejectReason.UNSUPPORTED_RESOURCE);
  }

  @Test
  void aKnownComponentOfAPanelBecomesItsOwnItem() throws Exception {
    Observation bp = glucose().setValue(null);
    bp.setId("bp-1");
    bp.setCode(new CodeableConcept(new Coding(CodeRef.LOINC, "85354-9", null)));
    bp.addComponent().setCode(new CodeableConcept(new Coding(CodeRef.LOINC, "8480-6", null)))
        .setValue(new Quantity().setValue(120).setSystem(FhirValues.UCUM).setCode("mm[Hg]"));
    bp.addComponent().setCode(new CodeableConcept(new Coding(CodeRef.LOINC, "8478-0", null)))
        .setValue(new Quantity().setValue(82).setSystem(FhirValues.UCUM).setCode("mm[Hg]"));

    List<RawItem> items = read(bp, null);

    assertThat(items).singleElement().isInstanceOfSatisfying(RawObservation.class, raw -> {
      assertThat(raw.messageId()).isEqualTo("bp-1#8478-0");
      assertThat(raw.value()).isEqualTo(82.0);
      assertThat(raw.codes()).containsExactly(CodeRef.loinc("8478-0"));
    });
  }

  @Test
  void theDeviceInTheTopicMustMatchTheResourcesDevice() throws Exception {
    Observation o = glucose().setDevice(new Reference("Device/cgm-1"));
    assertThat(((RawObservation) read(o, "cgm-1").get(0)).deviceId()).isEqualTo("cgm-1");
    assertThat(((RawObservation) read(o, null).get(0)).deviceId()).isEqualTo("cgm-1");
    assertThat(reason(() -> read(o, "cgm-2"))).isEqualTo(RejectReason.DEVICE_MISMATCH);

    Observation groupSubject = glucose().setSubject(new Reference("Group/g1"));
    assertThat(reason(() -> read(groupSubject, null))).isEqualTo(RejectReason.SCHEMA_VIOLATION);
  }

  static MedicationAdministration insulin() {
    MedicationAdministration m = new MedicationAdministration()
        .setStatus(MedicationAdministration.MedicationAdministrationStatus.INPROGRESS);
    m.setId("ma-1");
    m.setMedication(new CodeableConcept(new Coding(DrugCodes.RXNORM, "253182", "insulin regular")));
    m.setSubject(new Reference("Patient/p1"));
    m.addDevice(new Reference("Device/pump-1"));
    m.setEffective(new DateTimeType("2026-11-22T09:00:00Z"));
    m.setRequest(new Reference("MedicationRequest/prop-9"));
    m.getDosage().setRate(new Quantity().setValue(2.5).setSystem(FhirValues.UCUM).setCode("[iU]/h"));
    return m;
  }

  @Test
  void rateQuantityIsARateChangeBasedOnTheRequest() throws Exception {
    RawAdministration raw = (RawAdministration) read(insulin(), null).get(0);

    assertThat(raw.drug()).isEqualTo("insulin");
    assertThat(raw.kind()).isEqualTo(Kind.RATE);
    assertThat(raw.amount()).isEqualTo(2.5);
    assertThat(raw.unit()).isEqualTo("[iU]/h");
    assertThat(raw.deviceId()).isEqualTo("pump-1");
    assertThat(raw.basedOn()).isEqualTo("prop-9");
  }

  @Test
  void rateRatioIsNumeratorPerDenominatorAndADoseIsABolus() throws Exception {
    MedicationAdministration m = insulin();
    m.setMedication(new CodeableConcept(new Coding(DrugCodes.LIBRARY_SYSTEM, "norepinephrine", null)));
    m.getDosage().setRate(new Ratio()
        .setNumerator(new Quantity().setValue(3).setSystem(FhirValues.UCUM).setCode("ug/kg"))
        .setDenominator(new Quantity().setValue(30).setSystem(FhirValues.UCUM).setCode("min")));
    RawAdministration rate = (RawAdministration) read(m, null).get(0);
    assertThat(rate.drug()).isEqualTo("norepinephrine");
    assertThat(rate.amount()).isCloseTo(0.1, within(1e-12));
    assertThat(rate.unit()).isEqualTo("ug/kg/min");

    MedicationAdministration bolus = insulin().setStatus(MedicationAdministration.MedicationAdministrationStatus.COMPLETED);
    bolus.getDosage().setDose(new Quantity().setValue(4).setSystem(FhirValues.UCUM).setCode("[iU]"));
    RawAdministration b = (RawAdministration) read(bolus, null).get(0);
    assertThat(b.kind()).isEqualTo(Kind.BOLUS);
    assertThat(b.amount()).isEqualTo(4.0);
  }

  @Test
  void unknownDrugsUnresolvableReferencesAndNotGivenDosesAreRefused() {
    MedicationAdministration unknown = insulin();
    unknown.setMedication(new CodeableConcept(new Coding(DrugCodes.RXNORM, "1191", "aspirin")));
    assertThat(reason(() -> read(unknown, null))).isEqualTo(RejectReason.UNKNOWN_DRUG);

    MedicationAdministration external = insulin().setMedication(new Reference("Medication/m7"));
    assertThat(reason(() -> read(external, null))).isEqualTo(RejectReason.UNKNOWN_DRUG);

    MedicationAdministration notDone = insulin()
        .setStatus(MedicationAdministration.MedicationAdministrationStatus.NOTDONE);
    assertThat(reason(() -> read(notDone, null))).isEqualTo(RejectReason.UNSUPPORTED_RESOURCE);
  }

  /** Entered in error withdraws the dose first sent under the id: drug, patient and time, no amount needed. */
  @Test
  void enteredInErrorIsAWithdrawalOfTheDoseSentUnderItsId() throws Exception {
    MedicationAdministration gone = insulin().setStatus(MedicationAdministration.MedicationAdministrationStatus.ENTEREDINERROR);
    gone.setDosage(null);
    RawAdministration raw = (RawAdministration) read(gone, null).get(0);
    assertThat(raw.revision()).isEqualTo(org.icutwin.gateway.ingest.Revision.WITHDRAWAL);
    assertThat(raw.messageId()).isEqualTo("ma-1");
    assertThat(raw.drug()).isEqualTo("insulin");
    assertThat(raw.amount()).isNaN();
    assertThat(((RawAdministration) read(insulin(), null).get(0)).revision())
        .isEqualTo(org.icutwin.gateway.ingest.Revision.ORIGINAL);
  }

  @Test
  void readRefusesABundleWholeNamingTheBadEntry() {
    Bundle b = new Bundle().setType(Bundle.BundleType.BATCH);
    b.addEntry().setResource(glucose().setId("g1"));
    b.addEntry().setResource(insulin().setStatus(MedicationAdministration.MedicationAdministrationStatus.STOPPED));

    assertThatThrownBy(() -> read(b, null)).isInstanceOfSatisfying(RejectedException.class, e -> {
      assertThat(e.rejection().reason()).isEqualTo(RejectReason.UNSUPPORTED_RESOURCE);
      assertThat(e.rejection().detail()).startsWith("Bundle.entry[1]:");
    });
    b.getEntry().remove(1);
    assertThat(reason(() -> read(b.setType(Bundle.BundleType.MESSAGE), null)))
        .isEqualTo(RejectReason.UNSUPPORTED_RESOURCE);
  }
}
