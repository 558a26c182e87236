package org.icutwin.gateway.ingest;

import java.util.Objects;

/**
 * A coded concept: a code system URI and a code in it.
 *
 * @param system code system URI, e.g. {@link #LOINC} or {@link #MDC}
 * @param code the code, e.g. {@code "15074-8"}
 */
public record CodeRef(String system, String code) {

  /** LOINC, as FHIR names it. */
  public static final String LOINC = "http://loinc.org";
  /** IEEE 11073-10101 nomenclature (MDC), as FHIR names it. */
  public static final String MDC = "urn:iso:std:iso:11073:10101";

  public CodeRef {
    Objects.requireNonNull(system, "system");
    Objects.requireNonNull(code, "code");
    if (system.isBlank() || code.isBlank()) {
      throw new IllegalArgumentException("a code needs a system and a code, was '" + system + "|" + code + "'");
    }
  }

  public static CodeRef loinc(String code) {
    return new CodeRef(LOINC, code);
  }

  public static CodeRef mdc(String code) {
    return new CodeRef(MDC, code);
  }

  @Override
  public String toString() {
    return system + "|" + code;
  }
}
