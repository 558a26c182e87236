package org.icutwin.control.twin;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.icutwin.control.safety.ActionKind;
import org.icutwin.control.safety.Administration;
import org.icutwin.control.safety.ClinicianOverride;
import org.icutwin.control.safety.ProposedAction;
import org.icutwin.control.safety.SafetyConfig;
import org.icutwin.control.safety.SafetyDecision;
import org.icutwin.control.safety.SafetyEnvelope;
import org.icutwin.control.safety.SafetyFinding;
import org.icutwin.control.safety.SafetyRequest;
import org.icutwin.control.safety.TwinStatus;
import org.icutwin.core.druglib.DrugLibraryEntry;
import org.icutwin.core.units.Quantity;

/**
 * The verdict on a dose a clinician typed (a modified proposal or a manual order), checked against
 * the drug library only: a hard limit, the 24-h cap or the infusion rate refuses it; a soft-limit
 * excess needs a reason. Nothing is changed silently.
 *
 * @param allowed whether the dose may be ordered as typed
 * @param overrideRequired a soft limit is exceeded and no reason was given
 * @param reasons safety reason codes found
 * @param message the findings in words (for the problem response)
 */
public record ClinicianCheck(boolean allowed, boolean overrideRequired, List<String> reasons, String message) {

  public ClinicianCheck {
    reasons = List.copyOf(reasons);
  }

  static ClinicianCheck of(DrugLibraryEntry entry, String drug, String careArea, boolean rate, double value, String unit,
      double nowMin, String output, String outputUnit, List<Administration> history, double weightKg,
      Optional<Quantity> current, String clinicianId, Optional<String> overrideReason) {
    var request = new SafetyRequest(
        new ProposedAction(drug, careArea, rate ? ActionKind.CONTINUOUS_RATE : ActionKind.DISCRETE_DOSE, value, unit,
            nowMin, OptionalDouble.empty()),
        current, history, OptionalDouble.of(weightKg),
        TwinStatus.notConsulted(nowMin, output, outputUnit),
        Optional.of(entry), overrideReason.filter(r -> !r.isBlank()).map(r -> new ClinicianOverride(clinicianId, r)));
    SafetyDecision d = new SafetyEnvelope(SafetyConfig.defaults()).checkClinicianDose(request);
    String message = String.join("; ", d.findings().stream().map(SafetyFinding::detail).toList());
    return new ClinicianCheck(d.isDeliverable() && !d.overrideRequired(), d.overrideRequired(),
        d.findings().stream().map(f -> f.reason().name()).toList(), message);
  }
}
