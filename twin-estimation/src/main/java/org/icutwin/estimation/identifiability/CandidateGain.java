package org.icutwin.estimation.identifiability;

/**
 * A candidate sampling time and the expected information gain of one sample there.
 *
 * @param timeMin candidate time, minutes
 * @param gainNats ½·log det(I + Σ·F_t), in nats (divide by ln 2 for bits)
 */
public record CandidateGain(double timeMin, double gainNats) {}
