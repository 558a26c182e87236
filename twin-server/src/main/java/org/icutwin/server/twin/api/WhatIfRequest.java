package org.icutwin.server.twin.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;

/**
 * Alternative regimens to compare.
 *
 * @param asOf the data time to start from (default: the newest data)
 * @param hours how far ahead, (0, 48] (default 6)
 * @param waitSeconds how long to wait for data up to {@code asOf}
 * @param regimens 1 to 6 named regimens; rates in the drug library's rate unit
 */
@Serdeable
public record WhatIfRequest(@Nullable Instant asOf, @Nullable Double hours, @Nullable Double waitSeconds,
    List<Regimen> regimens) {

  /** A named regimen; no steps means "continue as now". */
  @Serdeable
  public record Regimen(String name, @Nullable List<Step> steps) {
  }

  /** From {@code start} on, {@code rate}. */
  @Serdeable
  public record Step(Instant start, Double rate) {
  }
}
