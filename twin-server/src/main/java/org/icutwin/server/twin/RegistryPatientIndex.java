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
  public void admitted(TwinCommand.Summary summary) {
    // The registry row is written before the twin is created (TwinController.admit).
  }

  @Override
  public void discharged(String patientId) {
    // The registry is updated by the discharge endpoint before the twin is told.
  }

  @Override
  public List<String> admittedIds() {
    return registry.list(false).stream().map(PatientRecord::patientId).toList();
  }
}
