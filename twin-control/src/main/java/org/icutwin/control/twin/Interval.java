package org.icutwin.control.twin;

/**
 * A named value with its 90% interval.
 *
 * @param name state, parameter or output name
 * @param unit UCUM unit
 * @param value mean (states) or median (log-normal parameters)
 * @param lower90 5th percentile
 * @param upper90 95th percentile
 */
public record Interval(String name, String unit, double value, double lower90, double upper90) {
}
