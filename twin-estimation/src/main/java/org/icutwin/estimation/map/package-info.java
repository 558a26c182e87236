/**
 * Maximum a posteriori (MAP) Bayesian personalisation of a twin-core model from sparse
 * observations: penalised nonlinear least squares in the log-parameters η, Beal's M3 for values
 * below the limit of quantification, a Laplace posterior covariance, and exposure (AUC) from the
 * fitted parameters. See docs/estimation-personalisation.md.
 *
 * <p>Owns only estimation: it simulates with twin-core's propagators and never changes models,
 * schedules or observations. No frameworks or logging.
 */
package org.icutwin.estimation.map;
