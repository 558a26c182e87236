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

  /**
   * A named regimen. Infusions (insulin, norepinephrine): rate {@code steps}, none meaning
   * "continue as now". Vancomycin: {@code doseMg} every {@code intervalH} hours, optionally after
   * a {@code loadingDoseMg}, each over {@code infusionH} hours (default: within the library's
   * maximum infusion rate, at least 1 h), from {@code firstDose} (default: the question's time).
   */
  @Serdeable
  public record Regimen(String name, @Nullable List<Step> steps, @Nullable Double doseMg, @Nullable Double intervalH,
      @Nullable Double loadingDoseMg, @Nullable Double infusionH, @Nullable Instant firstDose) {

    /** Whether any intermittent-dose field is given. */
    boolean hasDoses() {
      return doseMg != null || intervalH != null || loadingDoseMg != null || infusionH != null || firstDose != null;
    }
  }

  /** From {@code start} on, {@code rate}. */
  @Serdeable
  public record Step(Instant start, Double rate) {
  }
}
