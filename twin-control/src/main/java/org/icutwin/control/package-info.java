/**
 * Prescription: model-predictive control of continuous infusions ({@code mpc}), the
 * independent safety envelope ({@code safety}), what-if simulation with common random numbers
 * ({@code whatif}), recommendations for a clinician ({@code recommend}) and vancomycin dosing
 * ({@code vancomycin}). See docs/control.md and docs/safety.md.
 *
 * <p>Depends on twin-core and twin-estimation; no frameworks, protocols or logging backends
 * (enforced by the build). Nothing here actuates a dose: every output is a proposal.
 */
package org.icutwin.control;
