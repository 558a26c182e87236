package org.icutwin.gateway.fhir;

import ca.uhn.fhir.context.FhirContext;

/**
 * The process-wide FHIR R4 context. Building a {@link FhirContext} scans the whole model and takes
 * seconds, so the gateway and the server share this one; parsers are cheap and made per use.
 */
public final class FhirR4 {

  private FhirR4() {
  }

  private static final class Holder {
    static final FhirContext CONTEXT = FhirContext.forR4();
  }

  /** The shared R4 context (created on first use). */
  public static FhirContext context() {
    return Holder.CONTEXT;
  }
}
