/**
 * UCUM units for the twin: validation, dimension checks and conversions.
 *
 * <p>Owns the one shared {@code UcumEssenceService} and the project's unit policy (see
 * {@code docs/units.md}): UCUM spellings only, one documented alias ({@code U} read as
 * {@code [iU]}), dimension checks by signature rather than by UCUM canonical units alone,
 * and explicit body weight or molar mass for conversions that need them. It must not know
 * about FHIR resources, devices or frameworks; the gateway maps their units into these calls.
 */
package org.icutwin.core.units;
