/**
 * Virtual patients: seeded "truth" simulators for in-silico trials of the twins' estimators and
 * controllers, with realistic sensors.
 *
 * <p>Owns the truth models (glucose-insulin, norepinephrine to MAP, vancomycin), their cohort
 * generators and the sensors with noise and artefacts. The truth models deliberately differ
 * from the twins' catalog models (other structures, time-varying parameters, unmodelled
 * dynamics) and must never be the catalog model with its own parameters. Uses only
 * {@code org.icutwin.core.simulation} engines; knows nothing of estimation or control. A
 * {@link org.icutwin.core.virtual.VirtualPatient} and its sensors are mutable and owned by one
 * caller. See docs/virtual-patients.md.
 */
package org.icutwin.core.virtual;
