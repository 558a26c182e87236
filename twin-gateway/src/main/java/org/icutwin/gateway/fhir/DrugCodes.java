package org.icutwin.gateway.fhir;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;

/**
 * Medication codes the gateway maps to drug library ids (docs/fhir.md prints this table).
 *
 * <p>RxNorm ingredient concepts (RXCUI) for the four library drugs and glucose (dextrose), and the
 * library's own ids under {@link #LIBRARY_SYSTEM} for senders that know them (the only codes for
 * enteral and parenteral nutrition, which are given as grams of glucose per hour). Ingredient level on purpose: the library
 * entry, not the product, fixes concentration and limits.
 */
public final class DrugCodes {

  /** RxNorm, as FHIR names it. */
  public static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
  /** The drug library's ids as a code system (codes are {@code DrugLibraryEntry.drug()}). */
  public static final String LIBRARY_SYSTEM = "urn:icutwin:fhir:drug-library";

  /**
   * A row of the table.
   *
   * @param system code system URI
   * @param code code in it
   * @param drug drug library id
   * @param display human-readable name
   */
  public record Entry(String system, String code, String drug, String display) {
  }

  private static final List<Entry> ENTRIES = List.of(
      new Entry(RXNORM, "5856", "insulin", "insulin"),
      new Entry(RXNORM, "253182", "insulin", "insulin regular, human"),
      new Entry(RXNORM, "7512", "norepinephrine", "norepinephrine"),
      new Entry(RXNORM, "11124", "vancomycin", "vancomycin"),
      new Entry(RXNORM, "8782", "propofol", "propofol"),
      new Entry(LIBRARY_SYSTEM, "insulin", "insulin", "insulin (drug library)"),
      new Entry(LIBRARY_SYSTEM, "norepinephrine", "norepinephrine", "norepinephrine (drug library)"),
      new Entry(LIBRARY_SYSTEM, "vancomycin", "vancomycin", "vancomycin (drug library)"),
      new Entry(LIBRARY_SYSTEM, "propofol", "propofol", "propofol (drug library)"),
      new Entry(RXNORM, "4850", "dextrose", "glucose"),
      new Entry(LIBRARY_SYSTEM, "dextrose", "dextrose", "dextrose, IV (drug library)"),
      new Entry(LIBRARY_SYSTEM, "enteral-nutrition", "enteral-nutrition", "enteral feed, carbohydrate (drug library)"),
      new Entry(LIBRARY_SYSTEM, "parenteral-nutrition", "parenteral-nutrition",
          "parenteral nutrition, glucose (drug library)"));

  private static final Map<String, Entry> BY_KEY = Map.copyOf(
      ENTRIES.stream().collect(java.util.stream.Collectors.toMap(e -> e.system() + "|" + e.code(), e -> e)));

  private DrugCodes() {
  }

  /** Every row, in table order. */
  public static List<Entry> entries() {
    return ENTRIES;
  }

  /** The drug library id of the first coding the table knows. */
  public static Optional<String> drugOf(CodeableConcept concept) {
    for (Coding c : concept.getCoding()) {
      Entry e = BY_KEY.get(c.getSystem() + "|" + c.getCode());
      if (e != null) {
        return Optional.of(e.drug());
      }
    }
    return Optional.empty();
  }

  /** The coding a generated resource uses for a library drug: RxNorm where the table has it. */
  public static Coding codingFor(String drug, String display) {
    return ENTRIES.stream().filter(e -> e.system().equals(RXNORM) && e.drug().equals(drug)).findFirst()
        .map(e -> new Coding(RXNORM, e.code(), display))
        .orElseGet(() -> new Coding(LIBRARY_SYSTEM, drug, display));
  }
}
