/**
 * The safety envelope: checks every proposed dose against the drug library and the twin's own
 * trustworthiness before a clinician sees it, with typed reasons ({@link org.icutwin.control.safety.SafetyReason}).
 *
 * <p>Owns: the rules of docs/safety.md. Must not touch: optimisers (it never asks how a proposal
 * was made), actuation (it never gives a dose), frameworks or logging.
 */
package org.icutwin.control.safety;
