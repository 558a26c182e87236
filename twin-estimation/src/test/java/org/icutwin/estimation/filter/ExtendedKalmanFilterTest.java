package org.icutwin.estimation.filter;

class ExtendedKalmanFilterTest extends StateEstimatorContractTest {
  @Override
  StateEstimator create(EstimationSetup setup) {
    return new ExtendedKalmanFilter(setup, Propagators.forModel(setup.model(), 1.0));
  }
}
