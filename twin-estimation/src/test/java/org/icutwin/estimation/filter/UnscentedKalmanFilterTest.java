package org.icutwin.estimation.filter;

class UnscentedKalmanFilterTest extends StateEstimatorContractTest {
  @Override
  StateEstimator create(EstimationSetup setup) {
    return new UnscentedKalmanFilter(setup, Propagators.forModel(setup.model(), 1.0));
  }
}
