package org.icutwin.control.twin;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The twin's description of the patient as of a time.
 *
 * @param modelId model
 * @param asOf the time asked about
 * @param output the controlled quantity predicted at {@code asOf}, with its 90% interval
 * @param states latent states at {@code asOf}
 * @param parameters personalised parameters (posterior medians, 90% intervals)
 * @param lastMeasurementAt newest applied measurement of the controlled quantity
 * @param drift drift monitor status in words ({@code IN_CONTROL}, {@code WARNING}, {@code DRIFT})
 * @param identifiability plain-words note on what the data so far can identify
 * @param applied observations applied so far
 * @param rejected observations refused so far
 */
public record TwinView(String modelId, Instant asOf, Interval output, List<Interval> states, List<Interval> parameters,
    Optional<Instant> lastMeasurementAt, String drift, String identifiability, int applied, int rejected) {
  public TwinView {
    states = List.copyOf(states);
    parameters = List.copyOf(parameters);
  }
}
