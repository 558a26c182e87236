package org.icutwin.server.twin;

import jakarta.inject.Singleton;
import java.util.List;
import org.icutwin.server.patient.PatientRecord;
import org.icutwin.server.patient.PatientRegistry;

/** The patient index over the registry table: the admitted patients, durable across restarts. */
@Singleton
class RegistryPatientIndex implements PatientIndex {

  private final PatientRegistry registry;

  RegistryPatientIndex(PatientRegistry registry) {
    this.registry = registry;
  }

  @Override
  public List<String> admittedIds() {
    return registry.list(false).stream().map(PatientRecord::patientId).toList();
  }
}
