/**
 * State and parameter estimation for the twins: observations ({@link
 * org.icutwin.estimation.Observation}), EKF and UKF observers ({@code filter}), data-time
 * ordering with late and out-of-order data and fault handling ({@code timeline}), consistency and
 * drift monitoring ({@code monitor}), MAP personalisation ({@code map}) and identifiability and
 * optimal sampling ({@code identifiability}). See docs/estimation.md.
 *
 * <p>Depends on twin-core only; no frameworks, protocols or logging backends (enforced by the
 * build). Estimators are owned by one twin and are not thread-safe.
 */
package org.icutwin.estimation;
