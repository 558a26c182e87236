package org.icutwin.gateway.ingest;

import java.time.Instant;

/**
 * A normalised item on its way to a patient's twin: an observation or a dose actually given.
 * Values are in canonical units; ids are unique per message (duplicates are recorded once).
 */
public sealed interface IngestItem permits ObservationRecord, AdministrationRecord {

  /** Unique id of the originating message or resource (de-duplication key). */
  String messageId();

  /** The admitted patient the item belongs to. */
  String patientId();

  /** When the measurement was taken or the dose given (device or lab time). */
  Instant effectiveTime();

  /** When the server received it. */
  Instant receivedTime();

  Source source();

  /**
   * True when {@code other}, under the same message id, says the same thing: a redelivery. False
   * when it says something else (another value, time or patient): a device that reused an id, for
   * example after its message counter was reset. Arrival time and path never count.
   */
  boolean sameContentAs(IngestItem other);
}
