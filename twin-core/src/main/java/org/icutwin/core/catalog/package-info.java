/**
 * The model catalog: the Bergman glucose-insulin model, linear mammillary PK with an optional
 * effect site, PK/PD with a sigmoid Emax effect, and the published drug parameterisations
 * (insulin, norepinephrine, vancomycin, propofol). Equations, units and sources are in each
 * class's Javadoc and in docs/models.md.
 */
package org.icutwin.core.catalog;
