package org.icutwin.core.virtual;

/**
 * A seeded, stateful measurement device or lab assay for one patient output.
 *
 * <p>Reads must come in non-decreasing time order (the sensor's drift and artefact states evolve
 * between reads). One sensor belongs to one patient and one caller.
 */
public interface Sensor {

  /** The patient output this sensor measures, e.g. {@code "glucose"}. */
  String output();

  /** A reading taken at {@code tMin} of an output whose true value then is {@code trueValue}. */
  Reading read(double tMin, double trueValue);
}
