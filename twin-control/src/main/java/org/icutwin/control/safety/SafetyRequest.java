package org.icutwin.control.safety;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.icutwin.core.druglib.DrugLibraryEntry;
import org.icutwin.core.units.Quantity;

/**
 * Everything the envelope needs to judge one proposal; absent facts are explicit, never zero.
 *
 * @param proposal the controller's proposal
 * @param currentRate the rate running now (0 of the unit when stopped); needed for continuous proposals
 * @param history amounts given so far (only the last 24 h before the effective time count)
 * @param bodyWeightKg body weight, when known
 * @param twin the twin's status (freshness, drift, solver, predictions)
 * @param entry the drug library entry for the proposal's drug and care area, if the library has one
 * @param override a clinician's override of soft limits, if one was given
 */
public record SafetyRequest(ProposedAction proposal, Optional<Quantity> currentRate, List<Administration> history,
    OptionalDouble bodyWeightKg, TwinStatus twin, Optional<DrugLibraryEntry> entry,
    Optional<ClinicianOverride> override) {

  public SafetyRequest {
    Objects.requireNonNull(proposal, "proposal");
    Objects.requireNonNull(currentRate, "currentRate: use Optional.empty()");
    history = List.copyOf(history);
    Objects.requireNonNull(bodyWeightKg, "bodyWeightKg: use OptionalDouble.empty()");
    Objects.requireNonNull(twin, "twin");
    Objects.requireNonNull(entry, "entry: use Optional.empty()");
    Objects.requireNonNull(override, "override: use Optional.empty()");
  }

  /** The same request with a clinician override. */
  public SafetyRequest withOverride(ClinicianOverride clinicianOverride) {
    return new SafetyRequest(proposal, currentRate, history, bodyWeightKg, twin, entry, Optional.of(clinicianOverride));
  }

  /** The same request without a clinician override. */
  public SafetyRequest withoutOverride() {
    return new SafetyRequest(proposal, currentRate, history, bodyWeightKg, twin, entry, Optional.empty());
  }

  /** The same request with another proposal. */
  public SafetyRequest withProposal(ProposedAction other) {
    return new SafetyRequest(other, currentRate, history, bodyWeightKg, twin, entry, override);
  }
}
