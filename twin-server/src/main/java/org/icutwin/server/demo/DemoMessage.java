package org.icutwin.server.demo;

import java.time.Instant;
import org.icutwin.gateway.ingest.CodeRef;

/** What the demo's simulated devices and laboratory send. */
public sealed interface DemoMessage {

  String messageId();

  Instant time();

  /**
   * A measurement from a device over MQTT, or a laboratory result over FHIR ({@code viaFhir}).
   *
   * @param patientId the patient (FHIR subject for laboratory results)
   */
  record Measurement(String messageId, String deviceId, String patientId, CodeRef code, double value, String unit,
      Instant time, boolean viaFhir) implements DemoMessage {
  }

  /** A pump's rate change (from {@code time} on). */
  record PumpRate(String messageId, String deviceId, String drug, double rate, String unit, Instant time)
      implements DemoMessage {
  }
}
