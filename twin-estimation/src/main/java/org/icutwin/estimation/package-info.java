/**
 * State and parameter estimation for the twins: EKF and UKF observers over any twin-core
 * model, MAP personalisation, identifiability, optimal sampling, drift monitoring (issue 3).
 * Depends on twin-core only; no frameworks, protocols or logging backends (enforced by the
 * build).
 *
 * <p>Not yet implemented: this package marks the module boundary laid down in
 * docs/architecture.md.
 */
package org.icutwin.estimation;
