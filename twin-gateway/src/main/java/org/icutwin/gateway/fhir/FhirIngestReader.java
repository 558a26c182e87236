package org.icutwin.gateway.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Resource;
import org.icutwin.gateway.ingest.CodeTable;
import org.icutwin.gateway.ingest.FhirItemReader;
import org.icutwin.gateway.ingest.RawItem;
import org.icutwin.gateway.ingest.RejectReason;
import org.icutwin.gateway.ingest.RejectedException;
import org.icutwin.gateway.ingest.Source;

/**
 * Reads FHIR R4 JSON (Observation, MedicationAdministration, or a transaction/batch Bundle of them)
 * into raw items; no validation, no directory look-ups (those are {@link FhirValidation} and the
 * normaliser's jobs).
 *
 * <p>Parsing is strict: text that is not a JSON object is {@code MALFORMED_JSON}; JSON that HAPI
 * cannot read as R4 (no resourceType, unknown elements, wrong types) is {@code INVALID_FHIR} with
 * the parser's message. {@link #read} treats a Bundle as one unit (a bad entry refuses the whole
 * payload, naming the entry); {@link #entries} reads entry by entry for batch semantics.
 */
public final class FhirIngestReader implements FhirItemReader {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final FhirContext context;
  private final ObservationReader observations;
  private final AdministrationReader administrations = new AdministrationReader();

  public FhirIngestReader(FhirContext context, CodeTable codes) {
    this.context = Objects.requireNonNull(context, "context");
    this.observations = new ObservationReader(codes);
  }

  /** What one Bundle entry gave: its items, or the refusal. */
  public record EntryItems(int index, Resource resource, List<RawItem> items, RejectedException rejection) {

    public boolean rejected() {
      return rejection != null;
    }
  }

  @Override
  public List<RawItem> read(String json, String deviceId, Source source) throws RejectedException {
    Resource resource = parse(json);
    if (resource instanceof Bundle bundle) {
      List<RawItem> all = new ArrayList<>();
      for (EntryItems e : entries(bundle, deviceId, source)) {
        if (e.rejected()) {
          throw new RejectedException(e.rejection().rejection().reason(), "Bundle.entry[" + e.index() + "]: "
              + e.rejection().rejection().detail());
        }
        all.addAll(e.items());
      }
      return all;
    }
    return items(resource, deviceId, source);
  }

  /** Parses text into an R4 resource, strictly. */
  public Resource parse(String json) throws RejectedException {
    try {
      JsonNode node = JSON.readTree(json == null ? "" : json);
      if (node == null || !node.isObject()) {
        throw new RejectedException(RejectReason.MALFORMED_JSON, "payload is not a JSON object");
      }
    } catch (JacksonException e) {
      throw new RejectedException(RejectReason.MALFORMED_JSON, e.getOriginalMessage());
    }
    IParser parser = context.newJsonParser().setParserErrorHandler(new StrictErrorHandler());
    try {
      return (Resource) parser.parseResource(json);
    } catch (DataFormatException | ClassCastException e) {
      throw new RejectedException(RejectReason.INVALID_FHIR, e.getMessage());
    }
  }

  /** The items of one parsed Observation or MedicationAdministration. */
  public List<RawItem> items(Resource resource, String deviceId, Source source) throws RejectedException {
    if (resource instanceof Observation o) {
      return observations.read(o, deviceId, source);
    }
    if (resource instanceof MedicationAdministration m) {
      return administrations.read(m, deviceId, source);
    }
    throw new RejectedException(RejectReason.UNSUPPORTED_RESOURCE, "resource type " + resource.fhirType()
        + " is not taken here (Observation, MedicationAdministration, or a transaction/batch Bundle of them)");
  }

  /** The entries of a transaction or batch Bundle, each read on its own. */
  public List<EntryItems> entries(Bundle bundle, String deviceId, Source source) throws RejectedException {
    BundleType type = bundle.getType();
    if (type != BundleType.TRANSACTION && type != BundleType.BATCH) {
      throw new RejectedException(RejectReason.UNSUPPORTED_RESOURCE, "Bundle.type '"
          + (type == null ? "(missing)" : type.toCode()) + "' is not taken (transaction or batch)");
    }
    List<EntryItems> out = new ArrayList<>();
    for (int i = 0; i < bundle.getEntry().size(); i++) {
      BundleEntryComponent entry = bundle.getEntry().get(i);
      Resource r = entry.getResource();
      try {
        if (r == null) {
          throw new RejectedException(RejectReason.SCHEMA_VIOLATION, "entry has no resource");
        }
        if (entry.hasRequest() && entry.getRequest().hasMethod()
            && entry.getRequest().getMethod() != Bundle.HTTPVerb.POST
            && !(entry.getRequest().getMethod() == Bundle.HTTPVerb.PUT && r instanceof Observation)) {
          throw new RejectedException(RejectReason.UNSUPPORTED_RESOURCE, "entry.request.method '"
              + entry.getRequest().getMethod().toCode() + "' is not taken (POST, or PUT of an Observation)");
        }
        if (entry.hasRequest() && entry.getRequest().getMethod() == Bundle.HTTPVerb.PUT) {
          String url = entry.getRequest().getUrl();
          String expected = "Observation/" + r.getIdElement().getIdPart();
          if (url == null || !url.equals(expected)) {
            throw new RejectedException(RejectReason.SCHEMA_VIOLATION, "entry.request.url of a PUT must be '" + expected
                + "' (the resource's type and id), was '" + url + "'");
          }
        }
        out.add(new EntryItems(i, r, items(r, deviceId, source), null));
      } catch (RejectedException e) {
        out.add(new EntryItems(i, r, List.of(), e));
      }
    }
    return out;
  }
}
