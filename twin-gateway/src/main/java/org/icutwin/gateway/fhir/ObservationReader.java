package org.icutwin.gateway.fhir;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationComponentComponent;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Quantity.QuantityComparator;
import org.icutwin.gateway.ingest.CodeRef;
import org.icutwin.gateway.ingest.CodeTable;
import org.icutwin.gateway.ingest.RawItem;
import org.icutwin.gateway.ingest.RawObservation;
import org.icutwin.gateway.ingest.RejectReason;
import org.icutwin.gateway.ingest.RejectedException;
import org.icutwin.gateway.ingest.Revision;
import org.icutwin.gateway.ingest.Source;

/**
 * Reads an R4 Observation into raw observations: one for a valueQuantity, or one per component the
 * code table knows (e.g. a mean arterial pressure inside a blood-pressure panel).
 *
 * <p>Accepted statuses are final and preliminary (first reports), corrected and amended (a
 * {@link Revision#CORRECTION} of the result first sent under the same id) and entered-in-error (a
 * {@link Revision#WITHDRAWAL} of it, which needs no value); cancelled and the rest are refused as
 * {@code UNSUPPORTED_RESOURCE}. A comparator {@code <} or {@code <=}
 * marks the value as a limit of quantification; {@code >} and {@code >=} are refused (no number to
 * use). Device ids come from {@code Device/{id}} references only; other device references (e.g.
 * DeviceMetric) are ignored and the subject routes the value.
 */
final class ObservationReader {

  private static final Set<String> ACCEPTED = Set.of("final", "amended", "corrected", "preliminary",
      "entered-in-error");

  private final CodeTable codes;

  ObservationReader(CodeTable codes) {
    this.codes = Objects.requireNonNull(codes, "codes");
  }

  List<RawItem> read(Observation o, String topicDevice, Source source) throws RejectedException {
    String status = o.hasStatus() ? o.getStatus().toCode() : null;
    if (status == null) {
      throw new RejectedException(RejectReason.SCHEMA_VIOLATION, "Observation.status is missing");
    }
    if (!ACCEPTED.contains(status)) {
      throw new RejectedException(RejectReason.UNSUPPORTED_RESOURCE, "Observation.status '" + status
          + "' is not a usable result (accepted: final, preliminary, amended, corrected, entered-in-error)");
    }
    String messageId = FhirValues.messageId(o);
    String patient = FhirValues.idOf(o.getSubject(), "Patient", "Observation.subject").orElse(null);
    String device = device(o, topicDevice);
    Instant effective = effective(o);
    Revision revision = switch (status) {
      case "corrected", "amended" -> Revision.CORRECTION;
      case "entered-in-error" -> Revision.WITHDRAWAL;
      default -> Revision.ORIGINAL;
    };
    if (revision == Revision.WITHDRAWAL) {
      return withdrawals(o, messageId, device, patient, effective, source);
    }
    List<RawItem> items = values(o, messageId, device, patient, effective, source);
    if (revision == Revision.ORIGINAL) {
      return items;
    }
    List<RawItem> corrections = new ArrayList<>();
    for (RawItem i : items) {
      RawObservation r = (RawObservation) i;
      corrections.add(new RawObservation(r.messageId(), r.deviceId(), r.patientId(), r.codes(), r.value(), r.unit(),
          r.belowLoq(), r.effectiveTime(), r.source(), revision));
    }
    return corrections;
  }

  /**
   * A withdrawal of each result the resource first reported: the whole observation, or each
   * component with a known code (each was recorded under its own id). Values are not needed.
   */
  private List<RawItem> withdrawals(Observation o, String messageId, String device, String patient, Instant effective,
      Source source) throws RejectedException {
    if (!o.hasComponent() || o.hasValueQuantity()) {
      return List.of(new RawObservation(messageId, device, patient, codesOf(o.getCode()), Double.NaN, null, false,
          effective, source, Revision.WITHDRAWAL));
    }
    List<RawItem> items = new ArrayList<>();
    for (ObservationComponentComponent c : o.getComponent()) {
      List<CodeRef> refs = codesOf(c.getCode());
      if (refs.stream().anyMatch(r -> codes.lookup(r).isPresent())) {
        items.add(new RawObservation(messageId == null ? null : messageId + "#" + refs.get(0).code(), device, patient,
            refs, Double.NaN, null, false, effective, source, Revision.WITHDRAWAL));
      }
    }
    if (items.isEmpty()) {
      throw new RejectedException(RejectReason.UNKNOWN_CODE, "no component with a known code to withdraw among "
          + codesOf(o.getCode()) + "; see docs/fhir.md for the code table");
    }
    return items;
  }

  private List<RawItem> values(Observation o, String messageId, String device, String patient, Instant effective,
      Source source) throws RejectedException {
    if (o.hasValueQuantity()) {
      Quantity q = o.getValueQuantity();
      return List.of(item(messageId, device, patient, codesOf(o.getCode()), q, "Observation.valueQuantity", effective,
          source));
    }
    if (o.hasValue()) {
      throw new RejectedException(RejectReason.UNSUPPORTED_RESOURCE, "Observation.value is a " + o.getValue().fhirType()
          + "; the twins take valueQuantity");
    }
    if (o.hasComponent()) {
      return components(o, messageId, device, patient, effective, source);
    }
    if (o.hasDataAbsentReason()) {
      throw new RejectedException(RejectReason.UNSUPPORTED_RESOURCE, "Observation has no value: dataAbsentReason "
          + describe(o.getDataAbsentReason()));
    }
    throw new RejectedException(RejectReason.SCHEMA_VIOLATION, "Observation has neither valueQuantity, components "
        + "nor dataAbsentReason");
  }

  private List<RawItem> components(Observation o, String messageId, String device, String patient, Instant effective,
      Source source) throws RejectedException {
    List<RawItem> items = new ArrayList<>();
    List<CodeRef> seen = new ArrayList<>();
    for (int i = 0; i < o.getComponent().size(); i++) {
      ObservationComponentComponent c = o.getComponent().get(i);
      List<CodeRef> refs = codesOf(c.getCode());
      seen.addAll(refs);
      if (refs.stream().noneMatch(r -> codes.lookup(r).isPresent()) || !c.hasValueQuantity()) {
        continue;
      }
      String id = messageId == null ? null : messageId + "#" + refs.get(0).code();
      items.add(item(id, device, patient, refs, c.getValueQuantity(), "Observation.component[" + i + "].valueQuantity",
          effective, source));
    }
    if (items.isEmpty()) {
      throw new RejectedException(RejectReason.UNKNOWN_CODE, "no component with a valueQuantity and a known code among "
          + seen + " (panel " + codesOf(o.getCode()) + "); see docs/fhir.md for the code table");
    }
    return items;
  }

  private static RawObservation item(String messageId, String device, String patient, List<CodeRef> refs, Quantity q,
      String path, Instant effective, Source source) throws RejectedException {
    boolean belowLoq = false;
    if (q.hasComparator()) {
      QuantityComparator cmp = q.getComparator();
      if (cmp == QuantityComparator.GREATER_THAN || cmp == QuantityComparator.GREATER_OR_EQUAL) {
        throw new RejectedException(RejectReason.UNSUPPORTED_RESOURCE, path + ".comparator '" + cmp.toCode()
            + "' gives no number the twins can use (only < and <= are read, as a limit of quantification)");
      }
      belowLoq = true;
    }
    return new RawObservation(messageId, device, patient, refs, FhirValues.value(q, path),
        FhirValues.ucumUnit(q, path), belowLoq, effective, source);
  }

  private static String device(Observation o, String topicDevice) throws RejectedException {
    String named = null;
    if (o.hasDevice() && "Device".equals(o.getDevice().getReferenceElement().getResourceType())) {
      named = FhirValues.idOf(o.getDevice(), "Device", "Observation.device").orElse(null);
    }
    if (topicDevice != null && named != null && !topicDevice.equals(named)) {
      throw new RejectedException(RejectReason.DEVICE_MISMATCH, "Observation.device names Device/" + named
          + " but the payload came from device " + topicDevice);
    }
    return topicDevice != null ? topicDevice : named;
  }

  private static Instant effective(Observation o) throws RejectedException {
    if (o.hasEffectiveDateTimeType()) {
      return FhirValues.instant(o.getEffectiveDateTimeType(), "Observation.effectiveDateTime");
    }
    if (o.hasEffectiveInstantType()) {
      return FhirValues.instant(o.getEffectiveInstantType(), "Observation.effectiveInstant");
    }
    if (o.hasEffectivePeriod()) {
      return FhirValues.instant(o.getEffectivePeriod().getStartElement(), "Observation.effectivePeriod.start");
    }
    if (o.hasEffective()) {
      throw new RejectedException(RejectReason.UNSUPPORTED_RESOURCE, "Observation.effective is a "
          + o.getEffective().fhirType() + "; the twins need a dateTime, instant or period start");
    }
    throw new RejectedException(RejectReason.SCHEMA_VIOLATION, "Observation.effective[x] is missing");
  }

  static List<CodeRef> codesOf(CodeableConcept concept) {
    List<CodeRef> refs = new ArrayList<>();
    for (Coding c : concept.getCoding()) {
      if (c.hasSystem() && c.hasCode()) {
        refs.add(new CodeRef(c.getSystem(), c.getCode()));
      }
    }
    return refs;
  }

  private static String describe(CodeableConcept concept) {
    return concept.getCoding().stream().map(c -> c.getCode()).filter(Objects::nonNull).findFirst()
        .orElse(concept.hasText() ? concept.getText() : "(uncoded)");
  }
}
