package org.icutwin.gateway.ingest;

import java.util.List;

/**
 * Reads a FHIR R4 JSON payload (Observation, MedicationAdministration, or a Bundle of them) into
 * raw items. Lets the MQTT path accept FHIR payloads on its sibling topic without knowing HAPI;
 * implemented in {@code org.icutwin.gateway.fhir}.
 */
@FunctionalInterface
public interface FhirItemReader {

  /**
   * @param json the resource as received
   * @param deviceId the device the payload came from (MQTT topic), or null for REST
   * @param source the path it came in by
   * @throws RejectedException MALFORMED_JSON, INVALID_FHIR, UNSUPPORTED_RESOURCE, ...
   */
  List<RawItem> read(String json, String deviceId, Source source) throws RejectedException;
}
