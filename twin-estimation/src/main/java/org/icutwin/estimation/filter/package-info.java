/**
 * Observers: the {@link org.icutwin.estimation.filter.StateEstimator} contract, the unscented
 * (default) and extended Kalman filters on an augmented, scaled state with log-random-walk
 * parameters, and forecasts with prediction intervals.
 */
package org.icutwin.estimation.filter;
