package org.icutwin.gateway.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.icutwin.gateway.ingest.CodeRef;
import org.icutwin.gateway.ingest.FhirItemReader;
import org.icutwin.gateway.ingest.RawItem;
import org.icutwin.gateway.ingest.RawObservation;
import org.icutwin.gateway.ingest.RejectReason;
import org.icutwin.gateway.ingest.RejectedException;
import org.icutwin.gateway.ingest.Source;

/**
 * Stands in for org.icutwin.gateway.fhir's reader (another branch): reads a minimal Observation
 * shape so the MQTT side can be tested. {@code {"resourceType":"Observation","id":..,"loinc":..,
 * "value":..,"unit":..,"effective":..,"device":..?}}; an empty Bundle gives no items; anything else
 * is INVALID_FHIR.
 */
final class FakeFhirReader implements FhirItemReader {

  volatile String lastDeviceId;
  volatile Source lastSource;

  @Override
  public List<RawItem> read(String json, String deviceId, Source source) throws RejectedException {
    lastDeviceId = deviceId;
    lastSource = source;
    JsonNode n;
    try {
      n = Fixtures.JSON.readTree(json);
    } catch (IOException e) {
      throw new RejectedException(RejectReason.MALFORMED_JSON, "not JSON");
    }
    String type = n.path("resourceType").asText("");
    if (type.equals("Bundle") && n.path("entry").isEmpty()) {
      return List.of();
    }
    if (!type.equals("Observation") || !n.hasNonNull("id")) {
      throw new RejectedException(RejectReason.INVALID_FHIR, "not a valid Observation (test reader)");
    }
    String device = n.hasNonNull("device") ? n.get("device").asText() : null;
    org.icutwin.gateway.ingest.Revision revision = n.path("status").asText("final").equals("corrected")
        ? org.icutwin.gateway.ingest.Revision.CORRECTION : org.icutwin.gateway.ingest.Revision.ORIGINAL;
    return List.of(new RawObservation(n.get("id").asText(), device, null, List.of(CodeRef.loinc(n.get("loinc").asText())),
        n.get("value").asDouble(), n.get("unit").asText(), false, Instant.parse(n.get("effective").asText()), source,
        revision));
  }

  /** A minimal Observation this reader accepts. */
  static byte[] observation(String id, String device, Instant at, double mmolPerL) {
    return observation(id, device, at, mmolPerL, "final");
  }

  /** {@code status} {@code corrected} reads as a correction, anything else as a first report. */
  static byte[] observation(String id, String device, Instant at, double mmolPerL, String status) {
    var o = Fixtures.JSON.createObjectNode();
    o.put("status", status);
    o.put("resourceType", "Observation");
    o.put("id", id);
    o.put("loinc", "15074-8");
    o.put("value", mmolPerL);
    o.put("unit", "mmol/L");
    o.put("effective", at.toString());
    if (device != null) {
      o.put("device", device);
    }
    return Fixtures.bytes(o);
  }
}
