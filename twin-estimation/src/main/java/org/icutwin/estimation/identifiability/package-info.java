/**
 * Practical identifiability and sampling design from output sensitivities: the Fisher information
 * F = SᵀWS, its rank, condition number and null directions named by parameter, and D-optimal
 * ranking of candidate sampling times. See docs/estimation-personalisation.md.
 *
 * <p>Works on any {@link org.icutwin.estimation.identifiability.ParametricOutput}, including a
 * twin-core model through {@link org.icutwin.estimation.identifiability.ModelOutput}. Pure
 * numerics: no frameworks or logging.
 */
package org.icutwin.estimation.identifiability;
