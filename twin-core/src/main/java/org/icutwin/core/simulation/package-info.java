/**
 * Simulation: dose events and schedules (rate changes are integration boundaries, boluses state
 * jumps), fixed-step RK4 on primitive arrays for the estimators' hot path, adaptive
 * Dormand-Prince (Commons Math) for simulation and verification, and exact propagation of
 * linear PK. Engines keep work buffers and belong to one owner (one twin); they are not shared
 * between threads.
 */
package org.icutwin.core.simulation;
