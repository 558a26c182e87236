package org.icutwin.gateway.ingest;

import java.util.Optional;
import java.util.OptionalDouble;
import org.icutwin.core.druglib.DoseLimits;
import org.icutwin.core.druglib.DrugLibrary;
import org.icutwin.core.druglib.DrugLibraryEntry;
import org.icutwin.core.druglib.RateLimits;

/** The unit a drug's rates and boluses are recorded in: the drug library entry's own units. */
public final class DrugUnits {

  private final DrugLibrary library;

  public DrugUnits(DrugLibrary library) {
    this.library = library;
  }

  /** The entry for {@code drug} in {@code careArea}, if the library has it. */
  public Optional<DrugLibraryEntry> entry(String drug, String careArea) {
    return library.find(drug, careArea);
  }

  /** Whether any care area of the library lists {@code drug}. */
  public boolean knows(String drug) {
    return library.entries().stream().anyMatch(e -> e.drug().equals(drug));
  }

  /**
   * The library's unit for a rate (kind RATE: the dose-rate unit, or for intermittent drugs such as
   * vancomycin the maximum-infusion-rate unit) or one dose (kind BOLUS), if it sets limits for it.
   */
  public static Optional<String> unitFor(DrugLibraryEntry entry, AdministrationRecord.Kind kind) {
    return switch (kind) {
      case RATE -> entry.doseRate().map(RateLimits::limits).map(DoseLimits::unit)
          .or(() -> entry.maxInfusionRate().map(q -> q.unit()));
      case BOLUS -> entry.dose().map(DoseLimits::unit);
    };
  }

  /** The entry's hard maximum for this kind of administration, in {@link #unitFor}'s unit. */
  public static OptionalDouble hardMaxFor(DrugLibraryEntry entry, AdministrationRecord.Kind kind) {
    return switch (kind) {
      case RATE -> entry.doseRate().isPresent() ? entry.doseRate().get().limits().hardMax()
          : entry.maxInfusionRate().map(q -> OptionalDouble.of(q.value())).orElse(OptionalDouble.empty());
      case BOLUS -> entry.dose().map(DoseLimits::hardMax).orElse(OptionalDouble.empty());
    };
  }
}
