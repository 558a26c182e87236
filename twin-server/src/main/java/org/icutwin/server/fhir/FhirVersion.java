package org.icutwin.server.fhir;

/** The server's version as FHIR resources state it (software and model version). */
final class FhirVersion {

  /** The jar's Implementation-Version, or {@code development} when run from classes. */
  static final String SOFTWARE = version();

  private FhirVersion() {
  }

  private static String version() {
    String v = FhirVersion.class.getPackage().getImplementationVersion();
    return v == null || v.isBlank() ? "development" : v;
  }
}
