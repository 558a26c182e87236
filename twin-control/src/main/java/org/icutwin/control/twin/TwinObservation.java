package org.icutwin.control.twin;

import java.time.Instant;
import java.util.Objects;

/**
 * A measurement as the twin takes it: already normalised at the edge (canonical unit).
 *
 * @param id unique id (message id)
 * @param time sample time
 * @param quantity gateway quantity, e.g. {@code glucose}, {@code map}, {@code heart_rate}
 * @param sensorClass e.g. {@code cgm}, {@code lab}, {@code poc}, {@code arterial-line}
 * @param value value in the quantity's canonical unit (for below-LOQ: the limit)
 * @param belowLoq whether the sample was below the limit of quantification
 */
public record TwinObservation(String id, Instant time, String quantity, String sensorClass, double value,
    boolean belowLoq) {
  public TwinObservation {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(quantity, "quantity");
    Objects.requireNonNull(sensorClass, "sensorClass");
  }
}
