package org.icutwin.gateway.fhir;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationAdministration.MedicationAdministrationDosageComponent;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Ratio;
import org.hl7.fhir.r4.model.Reference;
import org.icutwin.gateway.ingest.AdministrationRecord.Kind;
import org.icutwin.gateway.ingest.RawAdministration;
import org.icutwin.gateway.ingest.RawItem;
import org.icutwin.gateway.ingest.RejectReason;
import org.icutwin.gateway.ingest.RejectedException;
import org.icutwin.gateway.ingest.Revision;
import org.icutwin.gateway.ingest.Source;

/**
 * Reads an R4 MedicationAdministration into a raw dose event.
 *
 * <p>Accepted statuses are completed and in-progress, and entered-in-error: a
 * {@link Revision#WITHDRAWAL} of the dose first sent under the same id (drug, subject and time
 * needed, no dosage). The drug comes from medicationCodeableConcept
 * or a contained Medication's code, mapped by {@link DrugCodes}; an external Medication reference
 * cannot be resolved at the edge and is refused. {@code dosage.dose} makes a BOLUS (a rate given
 * with it only says how fast that dose ran); otherwise {@code dosage.rateQuantity} or
 * {@code dosage.rateRatio} (numerator per denominator) makes a RATE. {@code request} becomes basedOn.
 */
final class AdministrationReader {

  private static final Set<String> ACCEPTED = Set.of("completed", "in-progress", "entered-in-error");

  List<RawItem> read(MedicationAdministration m, String topicDevice, Source source) throws RejectedException {
    String status = m.hasStatus() ? m.getStatus().toCode() : null;
    if (status == null) {
      throw new RejectedException(RejectReason.SCHEMA_VIOLATION, "MedicationAdministration.status is missing");
    }
    if (!ACCEPTED.contains(status)) {
      throw new RejectedException(RejectReason.UNSUPPORTED_RESOURCE, "MedicationAdministration.status '" + status
          + "' is not a dose given (accepted: completed, in-progress; entered-in-error withdraws one)");
    }
    String drug = drug(m);
    String patient = FhirValues.idOf(m.getSubject(), "Patient", "MedicationAdministration.subject").orElse(null);
    String device = device(m, topicDevice);
    Instant effective = effective(m);
    String basedOn = FhirValues.idOf(m.getRequest(), "MedicationRequest", "MedicationAdministration.request")
        .orElse(null);
    if (status.equals("entered-in-error")) {
      // Withdraws the dose first sent under this id: the twin takes back what it recorded, so no
      // amount is needed; the kind is the dosage's when it is stated.
      Kind kind = m.hasDosage() && m.getDosage().hasDose() ? Kind.BOLUS : Kind.RATE;
      return List.of(new RawAdministration(FhirValues.messageId(m), device, patient, drug, kind, Double.NaN, null,
          effective, source, basedOn, Revision.WITHDRAWAL));
    }
    if (!m.hasDosage()) {
      throw new RejectedException(RejectReason.SCHEMA_VIOLATION, "MedicationAdministration.dosage is missing: "
          + "neither a dose nor a rate");
    }
    MedicationAdministrationDosageComponent d = m.getDosage();
    Kind kind;
    double amount;
    String unit;
    if (d.hasDose()) {
      kind = Kind.BOLUS;
      amount = FhirValues.value(d.getDose(), "MedicationAdministration.dosage.dose");
      unit = FhirValues.ucumUnit(d.getDose(), "MedicationAdministration.dosage.dose");
    } else if (d.hasRateQuantity()) {
      kind = Kind.RATE;
      amount = FhirValues.value(d.getRateQuantity(), "MedicationAdministration.dosage.rateQuantity");
      unit = FhirValues.ucumUnit(d.getRateQuantity(), "MedicationAdministration.dosage.rateQuantity");
    } else if (d.hasRateRatio()) {
      kind = Kind.RATE;
      Ratio r = d.getRateRatio();
      String path = "MedicationAdministration.dosage.rateRatio";
      Quantity num = r.getNumerator();
      Quantity den = r.getDenominator();
      double denominator = FhirValues.value(den, path + ".denominator");
      if (!(denominator > 0)) {
        throw new RejectedException(RejectReason.OUT_OF_RANGE, path + ".denominator must be > 0, was " + denominator);
      }
      amount = FhirValues.value(num, path + ".numerator") / denominator;
      String nu = FhirValues.ucumUnit(num, path + ".numerator");
      String du = FhirValues.ucumUnit(den, path + ".denominator");
      unit = nu == null || du == null ? null : nu + "/" + (du.matches("[^/.]+") ? du : "(" + du + ")");
    } else {
      throw new RejectedException(RejectReason.SCHEMA_VIOLATION, "MedicationAdministration.dosage has neither dose, "
          + "rateQuantity nor rateRatio");
    }
    return List.of(new RawAdministration(FhirValues.messageId(m), device, patient, drug, kind, amount, unit, effective,
        source, basedOn));
  }

  private static String drug(MedicationAdministration m) throws RejectedException {
    CodeableConcept concept;
    if (m.hasMedicationCodeableConcept()) {
      concept = m.getMedicationCodeableConcept();
    } else if (m.hasMedicationReference()) {
      Reference ref = m.getMedicationReference();
      if (!(ref.getResource() instanceof Medication med)) {
        throw new RejectedException(RejectReason.UNKNOWN_DRUG, "MedicationAdministration.medicationReference '"
            + ref.getReference() + "' cannot be resolved at the edge; send medicationCodeableConcept or a contained "
            + "Medication");
      }
      concept = med.getCode();
    } else {
      throw new RejectedException(RejectReason.SCHEMA_VIOLATION, "MedicationAdministration.medication[x] is missing");
    }
    return DrugCodes.drugOf(concept).orElseThrow(() -> new RejectedException(RejectReason.UNKNOWN_DRUG,
        "no medication code the drug table knows among " + ObservationReader.codesOf(concept)
            + (concept.hasText() ? " ('" + concept.getText() + "')" : "") + "; see docs/fhir.md for the drug codes"));
  }

  private static String device(MedicationAdministration m, String topicDevice) throws RejectedException {
    String named = null;
    for (Reference r : m.getDevice()) {
      if ("Device".equals(r.getReferenceElement().getResourceType())) {
        named = FhirValues.idOf(r, "Device", "MedicationAdministration.device").orElse(null);
        break;
      }
    }
    if (topicDevice != null && named != null && !topicDevice.equals(named)) {
      throw new RejectedException(RejectReason.DEVICE_MISMATCH, "MedicationAdministration.device names Device/" + named
          + " but the payload came from device " + topicDevice);
    }
    return topicDevice != null ? topicDevice : named;
  }

  private static Instant effective(MedicationAdministration m) throws RejectedException {
    if (m.hasEffectiveDateTimeType()) {
      return FhirValues.instant(m.getEffectiveDateTimeType(), "MedicationAdministration.effectiveDateTime");
    }
    if (m.hasEffectivePeriod()) {
      return FhirValues.instant(m.getEffectivePeriod().getStartElement(),
          "MedicationAdministration.effectivePeriod.start");
    }
    throw new RejectedException(RejectReason.SCHEMA_VIOLATION, "MedicationAdministration.effective[x] is missing");
  }
}
