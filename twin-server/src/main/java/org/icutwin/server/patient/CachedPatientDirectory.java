package org.icutwin.server.patient;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.icutwin.gateway.ingest.PatientDirectory;
import org.icutwin.server.db.Db;

/**
 * The gateway's view of admitted patients, read from the registry table and cached briefly: the
 * registry invalidates an entry when it admits or discharges that patient; the short expiry
 * covers changes made by another node.
 */
@Singleton
public class CachedPatientDirectory implements PatientDirectory {

  static final Duration EXPIRY = Duration.ofSeconds(5);

  private record Cached(Optional<Patient> patient, Instant expires) {
  }

  private final Db db;
  private final Clock clock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  public CachedPatientDirectory(Db db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  @Override
  public Optional<Patient> admitted(String patientId) {
    Instant now = clock.instant();
    Cached hit = cache.get(patientId);
    if (hit != null && now.isBefore(hit.expires())) {
      return hit.patient();
    }
    Optional<Patient> patient = db.auto(c -> PatientRegistry.find(c, patientId, false))
        .filter(PatientRecord::admitted)
        .map(r -> new Patient(r.patientId(), r.careArea(), r.weight()));
    cache.put(patientId, new Cached(patient, now.plus(EXPIRY)));
    return patient;
  }

  /** Forgets what is cached about the patient (after an admission or discharge). */
  public void invalidate(String patientId) {
    cache.remove(patientId);
  }
}
