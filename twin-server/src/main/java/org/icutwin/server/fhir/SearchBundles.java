package org.icutwin.server.fhir;

import jakarta.inject.Singleton;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.icutwin.server.config.FhirSettings;

/** Search results as a {@code searchset} Bundle: every match with its absolute fullUrl under the FHIR base. */
@Singleton
public class SearchBundles {

  private final String baseUrl;

  public SearchBundles(FhirSettings settings) {
    this.baseUrl = settings.baseUrl();
  }

  public Bundle searchset(List<? extends Resource> matches) {
    Bundle b = new Bundle().setType(Bundle.BundleType.SEARCHSET).setTotal(matches.size());
    for (Resource r : matches) {
      b.addEntry().setFullUrl(baseUrl + "/" + r.fhirType() + "/" + r.getIdElement().getIdPart()).setResource(r)
          .getSearch().setMode(Bundle.SearchEntryMode.MATCH);
    }
    return b;
  }
}
