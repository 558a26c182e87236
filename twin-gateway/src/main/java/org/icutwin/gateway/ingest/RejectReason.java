package org.icutwin.gateway.ingest;

/**
 * Why the edge refused a message or resource; machine-readable, published on the device's error
 * topic, returned in OperationOutcomes and counted in metrics by name.
 */
public enum RejectReason {
  /** Not parseable JSON (or not a JSON object). */
  MALFORMED_JSON,
  /** Parseable but missing a required field, or a field of the wrong type (the detail names it). */
  SCHEMA_VIOLATION,
  /** The payload's schema version is not one this server reads. */
  UNSUPPORTED_VERSION,
  /** The code (LOINC/MDC) is not in the code table. */
  UNKNOWN_CODE,
  /** The drug is not in the drug library. */
  UNKNOWN_DRUG,
  /** The unit is not valid UCUM. */
  UNKNOWN_UNIT,
  /** The unit is valid UCUM but measures something else than the code or drug needs. */
  WRONG_UNIT,
  /** The value is NaN or infinite (or a JSON string standing for one). */
  NOT_FINITE,
  /** The value is outside the physiologically possible range for its code. */
  OUT_OF_RANGE,
  /** The device id is not registered. */
  UNKNOWN_DEVICE,
  /** The device is registered but bound to no admitted patient at the effective time. */
  DEVICE_NOT_BOUND,
  /** The effective time is further in the future than the allowed clock skew. */
  FUTURE_TIMESTAMP,
  /** The device id in the topic and in the payload differ, or a device publishes for another. */
  DEVICE_MISMATCH,
  /** The patient named in a FHIR resource is unknown or not admitted. */
  UNKNOWN_PATIENT,
  /** A FHIR resource failed validation against R4 or its profile. */
  INVALID_FHIR,
  /** A FHIR resource type, status or structure the twins do not take. */
  UNSUPPORTED_RESOURCE,
  /**
   * The message id was recorded before with different content (another value, time, patient or
   * device): this item was not recorded. Each new measurement or dose needs a new id.
   */
  ID_CONFLICT
}
