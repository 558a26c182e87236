package org.icutwin.gateway.fhir;

import java.util.Objects;

/**
 * A patient's twin as a FHIR Device: the requester of proposals, author of alerts and performer of
 * forecasts.
 *
 * @param deviceId Device id
 * @param patientId the patient the twin models
 * @param modelId model, e.g. {@code bergman-insulin}
 * @param modelVersion model and parameter version
 * @param softwareVersion icutwin version
 */
public record TwinDeviceDocument(String deviceId, String patientId, String modelId, String modelVersion,
    String softwareVersion) {

  public TwinDeviceDocument {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(patientId, "patientId");
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(modelVersion, "modelVersion");
    Objects.requireNonNull(softwareVersion, "softwareVersion");
  }
}
