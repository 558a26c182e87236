/**
 * Prescription: constrained model-predictive dosing, the safety envelope, what-if and
 * counterfactual simulation (issue 4). Depends on twin-core and twin-estimation; no frameworks,
 * protocols or logging backends (enforced by the build).
 *
 * <p>Not yet implemented: this package marks the module boundary laid down in
 * docs/architecture.md.
 */
package org.icutwin.control;
