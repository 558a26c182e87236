/**
 * Device gateways over MQTT 5 (docs/mqtt.md): topic scheme v1, the device JSON payloads, and the
 * {@link org.icutwin.gateway.mqtt.MqttIngestor} that takes messages into the ingest store with
 * acknowledgements only after durable recording. Owns the protocol side only: every check shared
 * with FHIR is the {@link org.icutwin.gateway.ingest.Normaliser}'s, FHIR payloads are read by the
 * {@link org.icutwin.gateway.ingest.FhirItemReader}, and nothing here reaches past the ingest ports
 * into estimation or the twins. Paho stays behind {@link org.icutwin.gateway.mqtt.MqttLink}.
 */
package org.icutwin.gateway.mqtt;
