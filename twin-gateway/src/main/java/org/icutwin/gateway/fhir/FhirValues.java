package org.icutwin.gateway.fhir;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.time.Instant;
import java.util.Optional;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.icutwin.gateway.ingest.RejectReason;
import org.icutwin.gateway.ingest.RejectedException;

/** Small readers shared by the Observation and MedicationAdministration mappings. */
final class FhirValues {

  static final String UCUM = "http://unitsofmeasure.org";

  private FhirValues() {
  }

  /**
   * The message id: the resource id, else the first identifier as {@code system|value}, else null
   * (the normaliser refuses a missing id).
   */
  static String messageId(Resource resource) {
    if (resource.hasIdElement() && resource.getIdElement().hasIdPart()) {
      return resource.getIdElement().getIdPart();
    }
    for (Identifier id : resourceIdentifiers(resource)) {
      if (id.hasValue()) {
        return id.hasSystem() ? id.getSystem() + "|" + id.getValue() : id.getValue();
      }
    }
    return null;
  }

  private static java.util.List<Identifier> resourceIdentifiers(Resource resource) {
    if (resource instanceof org.hl7.fhir.r4.model.Observation o) {
      return o.getIdentifier();
    }
    if (resource instanceof org.hl7.fhir.r4.model.MedicationAdministration m) {
      return m.getIdentifier();
    }
    return java.util.List.of();
  }

  /**
   * The id part of a literal reference to {@code type} ({@code "Patient/p1"} gives {@code p1}),
   * empty when absent, refused when it points at another type.
   */
  static Optional<String> idOf(Reference ref, String type, String path) throws RejectedException {
    if (ref == null || !ref.hasReference()) {
      return Optional.empty();
    }
    var id = ref.getReferenceElement();
    if (!type.equals(id.getResourceType()) || !id.hasIdPart()) {
      throw new RejectedException(RejectReason.SCHEMA_VIOLATION, path + " must reference a " + type + ", was '"
          + ref.getReference() + "'");
    }
    return Optional.of(id.getIdPart());
  }

  /** An instant from a FHIR dateTime/instant that names at least the second, else refused. */
  static Instant instant(BaseDateTimeType t, String path) throws RejectedException {
    if (t == null || t.getValue() == null) {
      throw new RejectedException(RejectReason.SCHEMA_VIOLATION, path + " is missing");
    }
    if (t.getPrecision().ordinal() < TemporalPrecisionEnum.SECOND.ordinal() || t.getTimeZone() == null) {
      throw new RejectedException(RejectReason.SCHEMA_VIOLATION, path + " '" + t.getValueAsString()
          + "' must give a time to the second with a zone (a date alone cannot place a sample)");
    }
    return t.getValue().toInstant();
  }

  /** The UCUM unit of a quantity: the code when the system is UCUM, else the unit text; refused for other systems. */
  static String ucumUnit(Quantity q, String path) throws RejectedException {
    if (q.hasSystem() && !UCUM.equals(q.getSystem())) {
      throw new RejectedException(RejectReason.UNKNOWN_UNIT, path + ".system is '" + q.getSystem() + "', not UCUM ("
          + UCUM + ")");
    }
    if (q.hasSystem() && q.hasCode()) {
      return q.getCode();
    }
    return q.hasUnit() ? q.getUnit() : null;
  }

  /** The numeric value of a quantity, refused when it has none. */
  static double value(Quantity q, String path) throws RejectedException {
    if (!q.hasValue()) {
      throw new RejectedException(RejectReason.SCHEMA_VIOLATION, path + ".value is missing");
    }
    return q.getValue().doubleValue();
  }
}
