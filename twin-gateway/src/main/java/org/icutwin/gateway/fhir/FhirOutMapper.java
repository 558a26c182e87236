package org.icutwin.gateway.fhir;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RiskAssessment;

/**
 * Maps the server's proposals, orders, alerts and forecasts to R4 resources, each of which
 * validates against base R4 with no errors (tested).
 *
 * <p>Our own codes use the URN systems below; docs/fhir.md lists them.
 */
public final class FhirOutMapper {

  /** Reasons a twin gives for a proposal. */
  public static final String REASON_SYSTEM = "urn:icutwin:fhir:proposal-reason";
  /** Safety alert codes. */
  public static final String ALERT_SYSTEM = "urn:icutwin:fhir:safety-alert";
  /** Twin device identifiers. */
  public static final String DEVICE_SYSTEM = "urn:icutwin:fhir:twin";
  /** Model identifiers ({@code modelId|modelVersion}). */
  public static final String MODEL_SYSTEM = "urn:icutwin:fhir:model";

  private static final String PARTICIPANT_TYPE = "http://terminology.hl7.org/CodeSystem/provenance-participant-type";
  private static final String DATA_OPERATION = "http://terminology.hl7.org/CodeSystem/v3-DataOperation";

  /** A twin's proposal: MedicationRequest, intent=proposal, requested by the twin's Device. */
  public MedicationRequest proposal(ProposalDocument p) {
    MedicationRequest mr = new MedicationRequest();
    mr.setId(p.proposalId());
    mr.setStatus(MedicationRequest.MedicationRequestStatus.ACTIVE);
    mr.setIntent(MedicationRequest.MedicationRequestIntent.PROPOSAL);
    mr.setMedication(new CodeableConcept(DrugCodes.codingFor(p.drug(), p.drugDisplay())).setText(p.drugDisplay()));
    mr.setSubject(new Reference("Patient/" + p.patientId()));
    mr.setAuthoredOnElement(dateTime(p.issued()));
    mr.setRequester(new Reference("Device/" + p.twinDeviceId()).setDisplay("icutwin twin (" + p.modelId() + " "
        + p.modelVersion() + ")"));
    for (ProposalDocument.Reason r : p.reasons()) {
      mr.addReasonCode(new CodeableConcept(new Coding(REASON_SYSTEM, r.code(), null)).setText(r.text()));
    }
    for (String id : p.observationIds()) {
      mr.addReasonReference(observation(id));
    }
    mr.addDosageInstruction(dosage(p.kind(), p.value(), p.unit()));
    mr.getDispenseRequest().setValidityPeriod(new Period().setStartElement(dateTime(p.issued()))
        .setEndElement(dateTime(p.expires())));
    if (p.predicted() != null) {
      ProposalDocument.PredictedRange r = p.predicted();
      // Three significant figures: what a reader can act on (6.52 mmol/L, 71.3 mm[Hg], 512 mg.h/L).
      mr.addNote().setText("Predicted " + r.quantity() + " " + sig3(r.low()) + " to " + sig3(r.high()) + " " + r.unit()
          + " at " + r.at() + " if followed (model " + p.modelId() + " " + p.modelVersion() + ")");
    }
    return mr;
  }

  /** A clinician's order: MedicationRequest, intent=order, basedOn the proposal. */
  public MedicationRequest order(OrderDocument o) {
    MedicationRequest mr = new MedicationRequest();
    mr.setId(o.orderId());
    mr.setStatus(MedicationRequest.MedicationRequestStatus.ACTIVE);
    mr.setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
    mr.setMedication(new CodeableConcept(DrugCodes.codingFor(o.drug(), o.drugDisplay())).setText(o.drugDisplay()));
    mr.setSubject(new Reference("Patient/" + o.patientId()));
    mr.setAuthoredOnElement(dateTime(o.authored()));
    mr.setRequester(new Reference("Practitioner/" + o.clinicianId()));
    mr.addBasedOn(new Reference("MedicationRequest/" + o.proposalId()));
    mr.addDosageInstruction(dosage(o.kind(), o.value(), o.unit()));
    String decision = o.decision() == OrderDocument.Decision.ACCEPT ? "Proposal accepted" : "Proposal modified";
    mr.addNote().setText(o.reason() == null ? decision : decision + ": " + o.reason());
    return mr;
  }

  /** A safety alert: DetectedIssue authored by the twin's Device. */
  public DetectedIssue alert(AlertDocument a) {
    DetectedIssue di = new DetectedIssue();
    di.setId(a.alertId());
    di.setStatus(DetectedIssue.DetectedIssueStatus.FINAL);
    di.setCode(new CodeableConcept(new Coding(ALERT_SYSTEM, a.code(), null)).setText(a.title()));
    di.setSeverity(DetectedIssue.DetectedIssueSeverity.fromCode(a.severity().name().toLowerCase(Locale.ROOT)));
    di.setPatient(new Reference("Patient/" + a.patientId()));
    di.setIdentified(dateTime(a.identified()));
    di.setAuthor(new Reference("Device/" + a.twinDeviceId()));
    for (String ref : a.implicated()) {
      di.addImplicated(new Reference(ref));
    }
    di.setDetail(a.detail());
    if (a.acknowledgement() != null) {
      AlertDocument.Acknowledgement k = a.acknowledgement();
      CodeableConcept action = new CodeableConcept(new Coding(ALERT_ACTION_SYSTEM, "acknowledged",
          "Acknowledged by a clinician"));
      if (!k.note().isBlank()) {
        action.setText(k.note());
      }
      di.addMitigation().setAction(action).setDateElement(dateTime(k.at()))
          .setAuthor(new Reference().setDisplay(k.by()));
    }
    return di;
  }

  /**
   * A reference to the Observation an ingest item came from. Item ids of a panel's component
   * ({@code {id}#{code}}) and of a correction or withdrawal ({@code {id}#corrected:…},
   * {@code {id}#entered-in-error}) name the resource before the {@code #} (in a FHIR reference a
   * {@code #} would point into a contained resource).
   */
  static Reference observation(String itemId) {
    int hash = itemId.indexOf('#');
    return new Reference("Observation/" + (hash < 0 ? itemId : itemId.substring(0, hash)));
  }

  /** What was done about a twin's alert (DetectedIssue.mitigation.action). */
  public static final String ALERT_ACTION_SYSTEM = "urn:icutwin:fhir:alert-action";

  /**
   * A forecast: RiskAssessment with one prediction per point, outcome "outside the target band",
   * probability that it happens, and the median with its 90% interval in the rationale.
   */
  public RiskAssessment forecast(ForecastDocument f) {
    RiskAssessment ra = new RiskAssessment();
    ra.setId(f.forecastId());
    ra.setStatus(RiskAssessment.RiskAssessmentStatus.FINAL);
    ra.setCode(new CodeableConcept(new Coding(f.code().system(), f.code().code(), f.display()))
        .setText("Forecast of " + f.display()));
    ra.setMethod(new CodeableConcept(new Coding(MODEL_SYSTEM, f.modelId() + "|" + f.modelVersion(), null))
        .setText(f.modelId() + " " + f.modelVersion()));
    ra.setSubject(new Reference("Patient/" + f.patientId()));
    ra.setOccurrence(dateTime(f.issued()));
    ra.setPerformer(new Reference("Device/" + f.twinDeviceId()));
    for (String id : f.basisObservationIds()) {
      ra.addBasis(observation(id));
    }
    String outcome = f.display() + " outside " + f.bandLow() + " to " + f.bandHigh() + " " + f.unit();
    for (ForecastDocument.Point p : f.points()) {
      ra.addPrediction()
          .setOutcome(new CodeableConcept().setText(outcome))
          .setProbability(new org.hl7.fhir.r4.model.DecimalType(p.probabilityOutOfBand()))
          .setWhen(new Period().setStartElement(dateTime(p.at())).setEndElement(dateTime(p.at())))
          .setRationale("median " + p.median() + " " + f.unit() + ", 90% interval " + p.low90() + " to "
              + p.high90() + " " + f.unit());
    }
    return ra;
  }

  /**
   * Provenance of a generated resource: the twin's Device as author, the model version as the
   * agent's role text, and the input Observations as sources.
   */
  public Provenance provenance(String targetReference, Instant recorded, String twinDeviceId, String modelId,
      String modelVersion, List<String> inputObservationIds) {
    Provenance pv = new Provenance();
    pv.addTarget(new Reference(targetReference));
    pv.setRecorded(Date.from(recorded));
    pv.setActivity(new CodeableConcept(new Coding(DATA_OPERATION, "CREATE", "create")));
    Provenance.ProvenanceAgentComponent agent = pv.addAgent();
    agent.setType(new CodeableConcept(new Coding(PARTICIPANT_TYPE, "author", "Author")));
    agent.addRole(new CodeableConcept(new Coding(MODEL_SYSTEM, modelId + "|" + modelVersion, null))
        .setText("model " + modelId + " version " + modelVersion));
    agent.setWho(new Reference("Device/" + twinDeviceId));
    for (String id : inputObservationIds) {
      pv.addEntity().setRole(Provenance.ProvenanceEntityRole.SOURCE).setWhat(observation(id));
    }
    return pv;
  }

  /** Provenance of a proposal. */
  public Provenance provenance(ProposalDocument p) {
    return provenance("MedicationRequest/" + p.proposalId(), p.issued(), p.twinDeviceId(), p.modelId(),
        p.modelVersion(), p.observationIds());
  }

  /** Provenance of a forecast. */
  public Provenance provenance(ForecastDocument f) {
    return provenance("RiskAssessment/" + f.forecastId(), f.issued(), f.twinDeviceId(), f.modelId(),
        f.modelVersion(), f.basisObservationIds());
  }

  /** The twin as a Device: model name, model version, software version, patient. */
  public Device twinDevice(TwinDeviceDocument d) {
    Device dev = new Device();
    dev.setId(d.deviceId());
    dev.addIdentifier(new Identifier().setSystem(DEVICE_SYSTEM).setValue(d.deviceId()));
    dev.setStatus(Device.FHIRDeviceStatus.ACTIVE);
    dev.addDeviceName().setName("icutwin digital twin").setType(Device.DeviceNameType.USERFRIENDLYNAME);
    dev.addDeviceName().setName(d.modelId()).setType(Device.DeviceNameType.MODELNAME);
    dev.setType(new CodeableConcept().setText("patient digital twin (mechanistic model with state estimation)"));
    dev.addVersion().setType(new CodeableConcept().setText("model")).setValue(d.modelVersion());
    dev.addVersion().setType(new CodeableConcept().setText("software")).setValue(d.softwareVersion());
    dev.setPatient(new Reference("Patient/" + d.patientId()));
    return dev;
  }

  private static Dosage dosage(ProposalDocument.DoseKind kind, double value, String unit) {
    Dosage d = new Dosage();
    Quantity q = new Quantity().setValue(value).setUnit(unit).setSystem(FhirValues.UCUM).setCode(unit);
    if (kind == ProposalDocument.DoseKind.RATE) {
      d.addDoseAndRate().setRate(q);
      d.setText(value + " " + unit + " continuous");
    } else {
      d.addDoseAndRate().setDose(q);
      d.setText(value + " " + unit + " once");
    }
    return d;
  }

  private static DateTimeType dateTime(Instant t) {
    return new DateTimeType(Date.from(t), ca.uhn.fhir.model.api.TemporalPrecisionEnum.SECOND,
        java.util.TimeZone.getTimeZone("UTC"));
  }

  /** {@code v} to about three significant figures, without an exponent (512, 71.3, 6.52, 0.452). */
  static String sig3(double v) {
    double a = Math.abs(v);
    String format = a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f";
    return String.format(java.util.Locale.ROOT, format, v);
  }
}
