/**
 * FHIR R4 at the edge, with HAPI FHIR: reading Observation, MedicationAdministration and
 * transaction/batch Bundles into raw ingest items ({@link org.icutwin.gateway.fhir.FhirIngestReader}),
 * the framework-free write path ({@link org.icutwin.gateway.fhir.FhirIngest}), validation
 * ({@link org.icutwin.gateway.fhir.FhirValidation}), OperationOutcomes and HTTP statuses
 * ({@link org.icutwin.gateway.fhir.OperationOutcomes}), the resources the server publishes
 * ({@link org.icutwin.gateway.fhir.FhirOutMapper}) and the CapabilityStatement.
 *
 * <p>Owns FHIR shapes only: code, unit, range, device and patient checks belong to
 * {@code ingest.Normaliser}; server state reaches it only as the {@code *Document} records. Never
 * touches twin-server types or estimation internals. See docs/fhir.md.
 */
package org.icutwin.gateway.fhir;
