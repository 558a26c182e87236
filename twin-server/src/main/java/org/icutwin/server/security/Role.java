package org.icutwin.server.security;

import java.util.Arrays;
import java.util.stream.Collectors;

/** What a token holder may do; carried in the JWT {@code roles} claim. */
public enum Role {
  /** Reads twins and recommendations, decides on recommendations, records doses. */
  CLINICIAN,
  /** Reads FHIR resources and manages FHIR subscriptions. */
  INTEGRATOR,
  /** Sends observations and administrations (ingest). */
  DEVICE,
  /** Admits and discharges, registers and binds devices, reads metrics and the audit log. */
  ADMIN;

  /** Parses a role name case-insensitively, naming the accepted ones when it is none of them. */
  public static Role parse(String name) {
    for (Role r : values()) {
      if (r.name().equalsIgnoreCase(name.strip())) {
        return r;
      }
    }
    throw new IllegalArgumentException("unknown role '" + name + "', expected one of "
        + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
  }
}
