/**
 * The edge: MQTT and FHIR payloads in, FHIR resources and subscriptions out, mapped to
 * core records so that core never sees a protocol type (issue 5). Defines the ports that
 * twin-server implements ({@link org.icutwin.gateway.ingest.IngestStore},
 * {@link org.icutwin.gateway.ingest.DeviceDirectory}, {@link org.icutwin.gateway.ingest.PatientDirectory},
 * {@link org.icutwin.gateway.ingest.DeadLetterStore}).
 *
 * <p>{@code ingest}: normalised records, reasons, the code table and the one normaliser both paths
 * share. {@code mqtt}: device gateways over MQTT 5. {@code fhir}: FHIR R4 in and out.
 * {@code subscription}: durable rest-hook delivery to integrators.
 */
package org.icutwin.gateway;
