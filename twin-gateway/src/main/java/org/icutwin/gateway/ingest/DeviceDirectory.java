package org.icutwin.gateway.ingest;

import java.time.Instant;
import java.util.Optional;

/**
 * Port: which devices exist and which patient a device is at, at a given time. Bindings change
 * during a stay, so the answer depends on the effective time. Implemented by twin-server.
 */
public interface DeviceDirectory {

  /** A registered device and the sensor class it reports as (null: the code's default). */
  record Device(String deviceId, String sensorClass) {
  }

  Optional<Device> device(String deviceId);

  /** The admitted patient the device was bound to at {@code at}, if any. */
  Optional<String> patientAt(String deviceId, Instant at);
}
