package org.icutwin.gateway.ingest;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;

/** In-memory device and patient directories for gateway tests. */
public final class TestDirectories implements DeviceDirectory, PatientDirectory {

  private final Map<String, Device> devices = new ConcurrentHashMap<>();
  private final Map<String, String> bindings = new ConcurrentHashMap<>();
  private final Map<String, Patient> patients = new ConcurrentHashMap<>();

  public TestDirectories admit(String patientId, String careArea, double weightKg) {
    patients.put(patientId, new Patient(patientId, careArea, OptionalDouble.of(weightKg)));
    return this;
  }

  public TestDirectories device(String deviceId, String sensorClass) {
    devices.put(deviceId, new Device(deviceId, sensorClass));
    return this;
  }

  public TestDirectories bind(String deviceId, String patientId) {
    bindings.put(deviceId, patientId);
    return this;
  }

  public TestDirectories unbind(String deviceId) {
    bindings.remove(deviceId);
    return this;
  }

  @Override
  public Optional<Device> device(String deviceId) {
    return Optional.ofNullable(devices.get(deviceId));
  }

  @Override
  public Optional<String> patientAt(String deviceId, Instant at) {
    return Optional.ofNullable(bindings.get(deviceId)).filter(patients::containsKey);
  }

  @Override
  public Optional<Patient> admitted(String patientId) {
    return Optional.ofNullable(patients.get(patientId));
  }
}
