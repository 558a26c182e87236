package org.icutwin.gateway.fhir;

import java.util.Objects;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * One OperationOutcome issue before encoding.
 *
 * @param severity fatal, error, warning or information
 * @param type code from the FHIR IssueType value set
 * @param diagnostics the specific detail (which field, which value, what was expected)
 * @param expression FHIRPath of the offending element, or null when unknown
 */
public record Issue(IssueSeverity severity, IssueType type, String diagnostics, String expression) {

  public Issue {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(diagnostics, "diagnostics");
  }

  public static Issue error(IssueType type, String diagnostics, String expression) {
    return new Issue(IssueSeverity.ERROR, type, diagnostics, expression);
  }

  public boolean isError() {
    return severity == IssueSeverity.ERROR || severity == IssueSeverity.FATAL;
  }
}
