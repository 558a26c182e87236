package org.icutwin.gateway.fhir;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;
import java.util.Objects;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.StringType;
import org.icutwin.gateway.ingest.RejectReason;
import org.icutwin.gateway.ingest.Rejection;

/**
 * Maps refusals to OperationOutcomes and HTTP statuses (docs/fhir.md prints the table).
 *
 * <p>400 for payloads that are not well-formed R4 (malformed JSON, invalid structure, validator
 * errors, a non-finite number); 422 for well-formed resources that break a business rule (unknown
 * code, unit, drug, device or patient, implausible value, time ahead of the clock, unsupported
 * status); 404 only for reads of ids that do not exist.
 */
public final class OperationOutcomes {

  private final FhirContext context;

  public OperationOutcomes(FhirContext context) {
    this.context = Objects.requireNonNull(context, "context");
  }

  /** HTTP status for a refusal. */
  public static int httpStatus(RejectReason reason) {
    return switch (reason) {
      case MALFORMED_JSON, SCHEMA_VIOLATION, INVALID_FHIR, NOT_FINITE, UNSUPPORTED_VERSION -> 400;
      case UNKNOWN_CODE, UNKNOWN_DRUG, UNKNOWN_UNIT, WRONG_UNIT, OUT_OF_RANGE, UNKNOWN_DEVICE, DEVICE_NOT_BOUND,
          FUTURE_TIMESTAMP, DEVICE_MISMATCH, UNKNOWN_PATIENT, UNSUPPORTED_RESOURCE -> 422;
      case ID_CONFLICT -> 409;
    };
  }

  /** issue.code (FHIR IssueType) for a refusal. */
  public static IssueType issueType(RejectReason reason) {
    return switch (reason) {
      case MALFORMED_JSON, INVALID_FHIR -> IssueType.STRUCTURE;
      case SCHEMA_VIOLATION -> IssueType.INVALID;
      case UNSUPPORTED_VERSION, UNSUPPORTED_RESOURCE -> IssueType.NOTSUPPORTED;
      case UNKNOWN_CODE, UNKNOWN_DRUG, UNKNOWN_UNIT -> IssueType.CODEINVALID;
      case WRONG_UNIT, NOT_FINITE -> IssueType.VALUE;
      case OUT_OF_RANGE, DEVICE_NOT_BOUND, FUTURE_TIMESTAMP, DEVICE_MISMATCH -> IssueType.BUSINESSRULE;
      case UNKNOWN_DEVICE, UNKNOWN_PATIENT -> IssueType.NOTFOUND;
      case ID_CONFLICT -> IssueType.DUPLICATE;
    };
  }

  /**
   * FHIRPath of the element a normaliser-level refusal points at, for the resource types read
   * here; null where the reason does not fix one element (the detail names it instead).
   */
  public static String expression(String resourceType, RejectReason reason) {
    if ("Observation".equals(resourceType)) {
      return switch (reason) {
        case UNKNOWN_CODE -> "Observation.code";
        case UNKNOWN_UNIT, WRONG_UNIT -> "Observation.value.ofType(Quantity).code";
        case NOT_FINITE, OUT_OF_RANGE -> "Observation.value.ofType(Quantity).value";
        case UNKNOWN_DEVICE, DEVICE_NOT_BOUND, DEVICE_MISMATCH -> "Observation.device";
        case UNKNOWN_PATIENT -> "Observation.subject";
        case FUTURE_TIMESTAMP -> "Observation.effective";
        default -> null;
      };
    }
    if ("MedicationAdministration".equals(resourceType)) {
      return switch (reason) {
        case UNKNOWN_DRUG -> "MedicationAdministration.medication";
        case UNKNOWN_UNIT, WRONG_UNIT, NOT_FINITE, OUT_OF_RANGE -> "MedicationAdministration.dosage";
        case UNKNOWN_DEVICE, DEVICE_NOT_BOUND, DEVICE_MISMATCH -> "MedicationAdministration.device";
        case UNKNOWN_PATIENT -> "MedicationAdministration.subject";
        case FUTURE_TIMESTAMP -> "MedicationAdministration.effective";
        default -> null;
      };
    }
    return null;
  }

  /** The one issue describing a refusal of a resource of {@code resourceType} (null when unknown). */
  public static Issue issue(Rejection rejection, String resourceType) {
    return Issue.error(issueType(rejection.reason()), rejection.reason() + ": " + rejection.detail(),
        resourceType == null ? null : expression(resourceType, rejection.reason()));
  }

  /** An OperationOutcome with these issues. */
  public OperationOutcome outcome(List<Issue> issues) {
    OperationOutcome oo = new OperationOutcome();
    for (Issue i : issues) {
      var c = oo.addIssue().setSeverity(i.severity()).setCode(i.type()).setDiagnostics(i.diagnostics());
      if (i.expression() != null) {
        c.getExpression().add(new StringType(i.expression()));
      }
    }
    if (issues.isEmpty()) {
      oo.addIssue().setSeverity(IssueSeverity.INFORMATION).setCode(IssueType.INFORMATIONAL).setDiagnostics("ok");
    }
    return oo;
  }

  /** A refusal as a response. */
  public FhirResponse refused(Rejection rejection, String resourceType) {
    return new FhirResponse(httpStatus(rejection.reason()), encode(outcome(List.of(issue(rejection, resourceType)))));
  }

  /** A response with an OperationOutcome of these issues. */
  public FhirResponse response(int status, List<Issue> issues) {
    return new FhirResponse(status, encode(outcome(issues)));
  }

  /** 404 for a read of an id that does not exist. */
  public FhirResponse notFound(String resourceType, String id) {
    return response(404, List.of(Issue.error(IssueType.NOTFOUND, resourceType + "/" + id + " is not known", null)));
  }

  /** A resource as a response. */
  public FhirResponse ok(int status, IBaseResource resource) {
    return new FhirResponse(status, encode(resource));
  }

  /** Encodes a resource as JSON. */
  public String encode(IBaseResource resource) {
    return context.newJsonParser().encodeResourceToString(resource);
  }
}
