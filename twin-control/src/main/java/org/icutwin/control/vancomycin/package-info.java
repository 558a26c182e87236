/**
 * Model-informed precision dosing of intermittent vancomycin: MAP-Bayes personalisation of the
 * Goti 2018 model from serum levels, a constrained search over practical regimens for an AUC24 of
 * 400-600 mg·h/L (Rybak 2020, Am J Health Syst Pharm 77:835), posterior risk estimates and a
 * D-optimal suggestion for the next level. See docs/vancomycin-dosing.md.
 *
 * <p>Owns only the vancomycin recommendation; it never gives a dose (the caller or a clinician
 * does) and never touches the MPC, safety-envelope or what-if packages. Time is in minutes on
 * the twin's clock unless a name says otherwise ({@code intervalH}, {@code rateMgPerH}).
 */
package org.icutwin.control.vancomycin;
