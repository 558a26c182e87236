package org.icutwin.gateway.ingest;

/** The path an item came in by; kept with every record and every rejection. */
public enum Source {
  /** A device gateway over MQTT (JSON or FHIR JSON payload). */
  MQTT,
  /** A FHIR R4 REST interaction (Observation, MedicationAdministration, Bundle). */
  FHIR,
  /** The clinician REST API (e.g. a manually recorded dose). */
  REST
}
