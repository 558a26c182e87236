/**
 * What-if and counterfactual simulation: clinician-specified regimens simulated from the twin's
 * posterior on common random numbers, reported as percentiles and summary outcomes.
 *
 * <p>Owns: posterior sampling and regimen comparison (docs/safety.md, "What-if"). Must not touch:
 * the twin's own estimator (it reads an {@link org.icutwin.estimation.filter.Estimate}), dosing
 * decisions, frameworks or logging.
 */
package org.icutwin.control.whatif;
