package org.icutwin.gateway.fhir;

import java.util.Comparator;
import java.util.Date;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.ResourceInteractionComponent;
import org.hl7.fhir.r4.model.Enumerations;

/**
 * Builds the CapabilityStatement served at {@code GET /fhir/metadata} from a
 * {@link ServerDescription} of what the server really exposes: nothing is claimed that the
 * description does not list.
 */
public final class CapabilityStatementFactory {

  /** The statement for {@code description}: an instance, FHIR 4.0.1, JSON only, server mode. */
  public CapabilityStatement build(ServerDescription description) {
    CapabilityStatement cs = new CapabilityStatement();
    cs.setStatus(Enumerations.PublicationStatus.ACTIVE);
    cs.setDate(Date.from(description.date()));
    cs.setKind(CapabilityStatement.CapabilityStatementKind.INSTANCE);
    cs.getSoftware().setName(description.softwareName()).setVersion(description.softwareVersion());
    cs.getImplementation().setDescription(description.softwareName() + " FHIR endpoint")
        .setUrl(description.baseUrl());
    cs.setFhirVersion(Enumerations.FHIRVersion._4_0_1);
    cs.addFormat("json");
    cs.addFormat(FhirResponse.CONTENT_TYPE);
    CapabilityStatementRestComponent rest = cs.addRest();
    rest.setMode(CapabilityStatement.RestfulCapabilityMode.SERVER);
    for (ServerDescription.ResourceEndpoint r : description.resources()) {
      CapabilityStatementRestResourceComponent res = rest.addResource().setType(r.type());
      if (r.profile() != null) {
        res.setProfile(r.profile());
      }
      r.interactions().stream().sorted(Comparator.comparing(Enum::ordinal)).forEach(i -> res.addInteraction(
          new ResourceInteractionComponent().setCode(CapabilityStatement.TypeRestfulInteraction.fromCode(i.code))));
      for (ServerDescription.SearchParam p : r.searchParams()) {
        res.addSearchParam().setName(p.name()).setType(Enumerations.SearchParamType.fromCode(p.type()))
            .setDocumentation(p.documentation());
      }
      for (ServerDescription.Operation o : r.operations()) {
        res.addOperation().setName(o.name()).setDefinition(o.definition());
      }
    }
    description.systemInteractions().stream().sorted(Comparator.comparing(Enum::ordinal)).forEach(i ->
        rest.addInteraction().setCode(CapabilityStatement.SystemRestfulInteraction.fromCode(i.code)));
    return cs;
  }
}
