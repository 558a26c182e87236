/**
 * The model SPI: what a physiological model declares (states with units and bounds, rate and
 * bolus inputs, parameters with population distributions and covariate effects, measurements
 * with noise models) and the right-hand side f(x, u, θ, t) and outputs h(x, θ) it computes.
 *
 * <p>Owns: records and small interfaces, immutable. Must not touch: simulation engines,
 * estimation, frameworks or protocols.
 */
package org.icutwin.core.model;
