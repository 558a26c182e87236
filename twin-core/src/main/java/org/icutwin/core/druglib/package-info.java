/**
 * The drug library: per drug and care area, the dose limits a smart pump's dose error reduction
 * system (DERS) would enforce, loaded from {@code config/drug-library.json}.
 *
 * <p>Owns the library's Java model, its JSON loading (Jackson tree model only) and its validation
 * rules (see {@code docs/drug-library.md}). Units go through {@link org.icutwin.core.units.Units}.
 * It must not decide doses: controllers and the safety envelope ask it for limits.
 */
package org.icutwin.core.druglib;
