package org.icutwin.estimation.filter;

import org.icutwin.estimation.Observation;

/**
 * What a measurement update did.
 *
 * @param observation the observation
 * @param predicted predicted measurement ŷ before the update
 * @param innovation y − ŷ
 * @param innovationVariance S = predicted-measurement variance + measurement noise variance
 * @param nis normalised innovation squared ν²/S (χ² with 1 degree of freedom when consistent)
 * @param applied false when the gate refused it (the state is then unchanged)
 */
public record UpdateOutcome(Observation observation, double predicted, double innovation, double innovationVariance,
    double nis, boolean applied) {}
