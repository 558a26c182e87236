package org.icutwin.gateway.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationOptions;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.UnknownCodeSystemWarningValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Observation;

/**
 * Validates resources with HAPI's instance validator against base R4 and, for Observations that
 * claim the vital-signs category, the R4 vital-signs profile. Errors refuse a resource; warnings
 * and information do not.
 *
 * <p>Terminology is what ships in the jars: FHIR's own code systems and value sets, UCUM, mime
 * types and languages. LOINC, RxNorm and IEEE 11073 are not loaded, so their codes are not checked
 * here (an unknown code system is a warning); the code table decides which codes the twins take.
 * Expensive (milliseconds per resource, seconds to warm up): call it at the FHIR REST boundary,
 * not per 1 Hz device sample. Thread-safe; build one per process.
 */
public final class FhirValidation {

  /** The R4 vital-signs base profile. */
  public static final String VITAL_SIGNS_PROFILE = "http://hl7.org/fhir/StructureDefinition/vitalsigns";
  static final String OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";

  private final FhirValidator validator;

  public FhirValidation(FhirContext context) {
    UnknownCodeSystemWarningValidationSupport unknownSystems = new UnknownCodeSystemWarningValidationSupport(context);
    unknownSystems.setNonExistentCodeSystemSeverity(ca.uhn.fhir.context.support.IValidationSupport.IssueSeverity.WARNING);
    ValidationSupportChain chain = new ValidationSupportChain(
        new DefaultProfileValidationSupport(context),
        new CommonCodeSystemsTerminologyService(context),
        new InMemoryTerminologyServerValidationSupport(context),
        new SnapshotGeneratingValidationSupport(context),
        unknownSystems);
    this.validator = context.newValidator().registerValidatorModule(new FhirInstanceValidator(chain));
  }

  /**
   * The outcome of validating one resource.
   *
   * @param errors error and fatal issues (a non-empty list refuses the resource)
   * @param warnings warnings and information
   */
  public record Result(List<Issue> errors, List<Issue> warnings) {

    public Result {
      errors = List.copyOf(errors);
      warnings = List.copyOf(warnings);
    }

    public boolean valid() {
      return errors.isEmpty();
    }

    /** The error messages joined for a one-line rejection detail. */
    public String errorSummary() {
      return String.join("; ", errors.stream()
          .map(i -> i.expression() == null ? i.diagnostics() : i.expression() + ": " + i.diagnostics()).toList());
    }
  }

  /** Validates against base R4 and the profiles the resource claims or, for vital signs, implies. */
  public Result validate(IBaseResource resource) {
    ValidationOptions options = new ValidationOptions();
    if (isVitalSign(resource)) {
      options.addProfile(VITAL_SIGNS_PROFILE);
    }
    ValidationResult result = validator.validateWithResult(resource, options);
    List<Issue> errors = new ArrayList<>();
    List<Issue> warnings = new ArrayList<>();
    for (SingleValidationMessage m : result.getMessages()) {
      Issue issue = new Issue(severity(m.getSeverity()), IssueType.PROCESSING, m.getMessage(), m.getLocationString());
      (issue.isError() ? errors : warnings).add(issue);
    }
    return new Result(errors, warnings);
  }

  /** Whether the Observation declares itself a vital sign (category {@code vital-signs}). */
  static boolean isVitalSign(IBaseResource resource) {
    return resource instanceof Observation o && o.getCategory().stream()
        .flatMap(c -> c.getCoding().stream())
        .anyMatch(c -> OBSERVATION_CATEGORY.equals(c.getSystem()) && "vital-signs".equals(c.getCode()));
  }

  private static IssueSeverity severity(ResultSeverityEnum s) {
    return switch (s) {
      case FATAL -> IssueSeverity.FATAL;
      case ERROR -> IssueSeverity.ERROR;
      case WARNING -> IssueSeverity.WARNING;
      case INFORMATION -> IssueSeverity.INFORMATION;
    };
  }
}
