package org.icutwin.gateway.ingest;

/**
 * Whether a measurement is a first report or revises one sent before under the same id: a
 * laboratory reissues a result as corrected or amended (FHIR {@code Observation.status}
 * {@code corrected}, {@code amended}) or withdraws it ({@code entered-in-error}).
 */
public enum Revision {
  /** A first report. */
  ORIGINAL,
  /** Replaces the value (and possibly the sample time) of the result first sent under the same id. */
  CORRECTION,
  /** The result first sent under the same id was entered in error: take it back. */
  WITHDRAWAL
}
