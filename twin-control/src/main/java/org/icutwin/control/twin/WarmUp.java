package org.icutwin.control.twin;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;
import org.icutwin.core.druglib.DrugLibrary;
import org.icutwin.core.druglib.DrugLibraryEntry;
import org.icutwin.core.model.Covariates;

/**
 * Runs each infusion twin (glucose-insulin, norepinephrine-MAP) through a short synthetic stay on
 * throw-away twins, so that the JIT has compiled the filter and the controller before the first
 * real proposal. The MPC's budget is CPU time (200-500 ms); the very first solve in a fresh JVM
 * spends more than that loading and compiling classes and was withheld as {@code SOLVER_TIMEOUT}
 * (the product-path trials found it: the first proposal of every run). No real twin is touched.
 */
public final class WarmUp {

  private static final Instant T0 = Instant.parse("2000-01-01T00:00:00Z");

  private WarmUp() {
  }

  /**
   * Warms the twins whose drug has an entry in {@code library} (any care area); returns the
   * proposals computed (thrown away by the caller). A kind without a library entry is skipped.
   */
  public static java.util.List<ProposalDraft> run(DrugLibrary library) {
    var proposals = new java.util.ArrayList<ProposalDraft>();
    for (TwinKind kind : new TwinKind[] {TwinKind.GLUCOSE_INSULIN, TwinKind.NOREPINEPHRINE_MAP}) {
      Optional<String> careArea = library.entries().stream().filter(e -> e.drug().equals(kind.drug()))
          .map(DrugLibraryEntry::careArea).findFirst();
      if (careArea.isEmpty()) {
        continue;
      }
      boolean glucose = kind == TwinKind.GLUCOSE_INSULIN;
      PatientTwin twin = PatientTwin.create(new TwinSpec("warm-up", kind, careArea.get(),
          Covariates.none().weightKg(70), T0, OptionalDouble.of(glucose ? 9.0 : 60.0), Optional.empty()), library);
      Duration step = glucose ? Duration.ofMinutes(60) : Duration.ofMinutes(5);
      for (int i = 1; i <= 4; i++) {
        Instant t = T0.plus(step.multipliedBy(i));
        twin.observe(new TwinObservation("warm-up-" + i, t, kind.quantity(), glucose ? SensorClasses.LAB : SensorClasses.ARTERIAL_LINE,
            glucose ? 9.0 - 0.5 * i : 60.0 + 2 * i, false));
        ProposalDraft p = twin.recommend(t);
        proposals.add(p);
        if (p.deliverable()) {
          twin.accepted(p);
        }
      }
    }
    return proposals;
  }
}
