package org.icutwin.gateway.mqtt;

import java.util.Optional;

/** The last level of a device topic: what kind of payload a device publishes there. */
public enum Channel {
  /** Measurements as icutwin observation JSON (docs/schemas/observation.schema.json). */
  OBSERVATIONS("observations"),
  /** Pump events as icutwin administration JSON (docs/schemas/administration.schema.json). */
  ADMINISTRATIONS("administrations"),
  /** A FHIR R4 Observation or MedicationAdministration (or a Bundle of them) as JSON. */
  FHIR("fhir");

  private final String level;

  Channel(String level) {
    this.level = level;
  }

  /** The topic level, e.g. {@code "observations"}. */
  public String level() {
    return level;
  }

  static Optional<Channel> ofLevel(String level) {
    for (Channel c : values()) {
      if (c.level.equals(level)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }
}
